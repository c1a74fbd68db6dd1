"""``festival serve``: the app in the browsers of the hall network, one app process per tab.

Built on textual-serve, which serves the page and runs one app process per websocket but checks
nobody; this package adds what the hall needs: an access token in the link, a check that the
websocket comes from the server's own page (Origin), a maximum number of sessions, optional TLS,
and a page that loads nothing from outside the host.
"""
