FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY worker ./worker
COPY config ./config
COPY samples ./samples
RUN pip install ".[apprise]"
RUN useradd --create-home newsmon
USER newsmon
CMD ["newsmon", "--help"]
