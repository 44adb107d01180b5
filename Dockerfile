# tfscreen worker image. Lists are read from /lists (mount a folder, or run
# `tfscreen lists fetch` into it); settings come from TFSCREEN_* variables.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY tfscreen ./tfscreen
COPY watchlists ./watchlists
COPY rules ./rules
COPY streams ./streams
COPY kafka ./kafka
RUN pip install --no-cache-dir . && useradd --system --home /app tfscreen
USER tfscreen
ENV TFSCREEN_METRICS_PORT=9108 TFSCREEN_LISTS=/lists
EXPOSE 9108
ENTRYPOINT ["tfscreen"]
CMD ["worker"]
