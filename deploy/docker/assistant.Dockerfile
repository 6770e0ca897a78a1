# The Rasa server (target `rasa`, with the trained model built in) and the action server
# (target `actions`), from the same pinned dependencies as `make run`.
#   make train && docker compose build
FROM python:3.10.13-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1
WORKDIR /app
COPY requirements.lock ./
# Only what runs in production (no test tools), at the versions of requirements.lock.
RUN pip install rasa==3.6.21 rasa-sdk==3.6.2 requests python-dotenv psycopg2-binary redis \
        -c requirements.lock \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin assistant \
    && mkdir -p /app/var /app/.rasa && chown assistant /app/var /app/.rasa
COPY dvc_common dvc_common
COPY guides guides

FROM base AS actions
COPY actions actions
COPY bot/domain bot/domain
USER assistant
EXPOSE 5055
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=4)"]
CMD ["rasa", "run", "actions", "--actions", "actions", "-p", "5055"]

FROM base AS rasa
COPY bot bot
COPY models/assistant.tar.gz models/assistant.tar.gz
USER assistant
EXPOSE 5005
# Model loading takes one to three minutes: the start period covers it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/chat/health', timeout=4)"]
# No --enable-api: Rasa's HTTP API stays off; the channels are the only way in.
CMD ["rasa", "run", "--model", "models/assistant.tar.gz", \
     "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml", \
     "-i", "0.0.0.0", "-p", "5005"]
