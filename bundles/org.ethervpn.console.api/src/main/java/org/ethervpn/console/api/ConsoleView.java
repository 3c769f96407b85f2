package org.ethervpn.console.api;

import java.net.URL;
import java.util.Set;

import org.eclipse.swt.widgets.Composite;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A screen contributed to the console, registered as an OSGi service. The console calls
 * {@link #create} on its UI thread once per server (or hub) the view is opened for, and disposes
 * the content when that connection closes or the service goes away.
 */
@ConsumerType
public interface ConsoleView {
    /** Stable id, e.g. "org.ethervpn.console.hubs". */
    String id();

    /** The tab title. */
    String title();

    /** A 16x16 PNG for the tab, or null. */
    default URL icon() {
        return null;
    }

    /** The connection kinds this view can serve (e.g. no server screens for a hub administrator). */
    Set<ConnectionKind> kinds();

    ViewScope scope();

    /**
     * Whether this view is shown for {@code context}'s server, decided from what the console knows
     * without calling the server ({@link ViewContext#capabilities()}, {@link ViewContext#plugins()}):
     * a view the server cannot serve is hidden rather than failing on refresh. Called on the UI thread.
     */
    default boolean appliesTo(ViewContext context) {
        return true;
    }

    /** Tabs are ordered by this, then by title. */
    default int order() {
        return 100;
    }

    /**
     * Builds the view's SWT content under {@code parent} (which has a {@code FillLayout}), on the
     * UI thread. Must not call the admin API here: load data in {@link ViewPart#refresh()} through
     * {@link UiAccess#background}.
     */
    ViewPart create(Composite parent, ViewContext context);
}
