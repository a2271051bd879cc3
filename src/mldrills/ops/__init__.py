"""Operations: health checks for `mldrills doctor` and the web app's readiness probe."""
