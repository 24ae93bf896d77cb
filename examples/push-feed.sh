#!/usr/bin/env bash
# Pushes a feed file to Kontor, signed as a partner bank (scheme KONTOR-HMAC-SHA256-V1, docs/partner-banks.md).
# Needs only bash, openssl and curl, so a bank engineer can read it and port it.
#
#   examples/push-feed.sh FILE [URL]
#
# Credentials come from KONTOR_BANK_ID, KONTOR_KEY_ID and KONTOR_SECRET; the defaults are the local demo
# bank that `npm start` registers. IDEMPOTENCY_KEY defaults to one derived from the file's content, so
# pushing the same file twice is answered with the same feed.
set -euo pipefail

file="${1:?usage: push-feed.sh FILE [URL]}"
url="${2:-http://127.0.0.1:3001/v1/feeds}"
bank_id="${KONTOR_BANK_ID:-demo-bank}"
key_id="${KONTOR_KEY_ID:-key-1}"
secret="${KONTOR_SECRET:-local-demo-secret-change-me}"
content_type="${CONTENT_TYPE:-application/json}"

path="/${url#*://*/}"                                   # path and query exactly as sent
timestamp="$(date +%s)"                                  # Unix seconds; must be within 5 minutes of Kontor's clock
body_sha256="$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)"
idempotency_key="${IDEMPOTENCY_KEY:-feed-${body_sha256:0:32}}"

string_to_sign="$(printf 'KONTOR-HMAC-SHA256-V1\nPOST\n%s\n%s\n%s\n%s' "$path" "$timestamp" "$idempotency_key" "$body_sha256")"
signature="v1=$(printf '%s' "$string_to_sign" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"

curl --silent --show-error --fail-with-body -X POST "$url" \
  -H "Content-Type: $content_type" \
  -H "X-Kontor-Bank-Id: $bank_id" \
  -H "X-Kontor-Key-Id: $key_id" \
  -H "X-Kontor-Timestamp: $timestamp" \
  -H "Idempotency-Key: $idempotency_key" \
  -H "X-Kontor-Signature: $signature" \
  --data-binary "@$file"
echo
