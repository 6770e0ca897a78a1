#!/usr/bin/env bash
# `rasa data validate`, failing on any warning except the ones Rasa gives for
# responses used by forms and fallbacks rather than by stories or rules.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/rasa data validate --config config.yml --domain bot/domain --data data 2>&1)
code=$?
echo "$out"
[ $code -eq 0 ] || { echo "rasa data validate failed (exit $code)" >&2; exit 1; }
# Responses uttered by custom actions (response="utter_...") are used, too.
# So are the topic answers (actions/catalogue/topics.yml) and utter_<intent> of the
# intents that action_answer answers.
from_actions=$( { grep -oh '"utter_[a-z0-9_]*"' actions/*.py | tr -d '"'; \
  grep -oh 'response: utter_[a-z0-9_]*' actions/catalogue/topics.yml | sed 's/response: //'; \
  grep -h -B1 'action: action_answer' data/rules/*.yml | grep -o 'intent: [a-z0-9_]*' | sed 's/intent: /utter_/'; } \
  | sort -u | paste -sd'|' -)
# utter_zalo_* are read by the Zalo channel itself (bot/channels/zalo/), utter_channel_*
# and utter_service_unavailable by the chat channels (bot/channels/replies.py).
allowed="The utterance '(utter_ask_[a-z0-9_]+|utter_zalo_[a-z0-9_]+|utter_channel_[a-z0-9_]+|utter_service_unavailable|utter_default|utter_ask_rephrase${from_actions:+|$from_actions})' is not used in any story or rule"
bad=$(echo "$out" | grep -E "UserWarning|WARNING" | grep -vE "$allowed" | grep -vE "DeprecationWarning|MovedIn20Warning" || true)
if [ -n "$bad" ]; then
  echo "rasa data validate warned:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "rasa data validate: no warnings"
