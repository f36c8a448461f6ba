FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ccvc ccvc
COPY gateway gateway
COPY mock_ndxp mock_ndxp
COPY mock_dancu mock_dancu
COPY migrations migrations
COPY seed seed
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["ccvc", "up", "--host", "0.0.0.0"]
