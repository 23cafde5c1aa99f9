"""Saved searches and alerts: addresses subscribe to a search (or a member) by double opt-in, and
`hearings alerts run` sends each address one digest of the turns that appeared since its alerts last ran,
by mail or by a signed webhook call.

- ``tokens``: signed, expiring links (confirm, unsubscribe, manage) and webhook signatures;
- ``store``: the SQLite store (addresses, alerts, the ledger of what each alert was sent, the outbox);
- ``subscriptions``: what the web pages do (subscribe, confirm, unsubscribe, manage, export, erase);
- ``catalogue``: which turns are new or reworded since the last run (re-ingested unchanged ones are not);
- ``digest``: one alert's new turns, found by the search's own query (search_api.service.list_hits);
- ``mailer`` / ``webhooks`` / ``delivery``: composing, sending and the outbox's states;
- ``run``: one run end to end, and the loop behind ``--every``.
"""
