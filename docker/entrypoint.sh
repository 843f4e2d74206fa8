#!/bin/sh
# The image's entrypoint: `checkin-bot run` (long polling) unless BOT_MODE=webhook, which serves
# the webhook instead. Any other command (`checkin-bot migrate`, a shell) runs as given.
# `exec` leaves the bot as PID 1, so it gets Docker's SIGTERM and shuts down gracefully.
set -eu

case "${BOT_MODE:-polling}" in
  polling) ;;
  webhook)
    if [ "$#" -eq 2 ] && [ "$1" = "checkin-bot" ] && [ "$2" = "run" ]; then
      set -- checkin-bot webhook
    fi
    ;;
  *)
    echo "checkin-bot: BOT_MODE: must be polling or webhook, not '${BOT_MODE}'" >&2
    exit 2
    ;;
esac

exec "$@"
