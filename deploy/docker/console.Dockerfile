# The staff console (console/, its own dependencies).
FROM python:3.10.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONPATH=/app CONSOLE_HOST=0.0.0.0 CONSOLE_PORT=8002
WORKDIR /app
COPY console/requirements.lock console/requirements.lock
RUN pip install -r console/requirements.lock \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin assistant \
    && mkdir -p /app/var && chown assistant /app/var
COPY console console
COPY bot/domain bot/domain
USER assistant
EXPOSE 8002
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8002/health', timeout=4)"]
CMD ["python", "-m", "console"]
