package org.ethervpn.console.views;

import java.util.Set;

import org.ethervpn.console.api.ConnectionKind;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewScope;

/**
 * What every built-in view states the same way, so each view names only its id, title, scope and
 * tab order. A server screen is for the server administrator; a hub screen also for a hub's own
 * administrator, who sees only hub screens. Public only so that code holding views by their class
 * (the product tests' {@code List.of(new UsersView(), ...)}) can name the common type; the
 * constructor stays package-private, and the package is not exported.
 */
public abstract class BaseView implements ConsoleView {
    private final String id;
    private final String title;
    private final ViewScope scope;
    private final int order;

    BaseView(String id, String title, ViewScope scope, int order) {
        this.id = id;
        this.title = title;
        this.scope = scope;
        this.order = order;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Set<ConnectionKind> kinds() {
        return scope == ViewScope.SERVER ? Set.of(ConnectionKind.SERVER_ADMIN)
                : Set.of(ConnectionKind.SERVER_ADMIN, ConnectionKind.HUB_ADMIN);
    }

    @Override
    public final ViewScope scope() {
        return scope;
    }

    @Override
    public final int order() {
        return order;
    }
}
