package org.ethervpn.console.api;

/** Where a view appears in the console's server tree. */
public enum ViewScope {
    /** Under a server (dashboard, status, listeners...). */
    SERVER,
    /** Under one hub of a server (users, sessions...); {@link ViewContext#hub()} names it. */
    HUB
}
