"""The Zalo Official Account channel: ``bot.channels.zalo.ZaloInput``."""

from bot.channels.zalo.channel import ZaloInput

__all__ = ["ZaloInput"]
