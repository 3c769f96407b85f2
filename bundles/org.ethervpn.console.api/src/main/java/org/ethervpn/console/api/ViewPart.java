package org.ethervpn.console.api;

import org.osgi.annotation.versioning.ConsumerType;

/** One open instance of a {@link ConsoleView}. All methods are called on the UI thread. */
@ConsumerType
public interface ViewPart {
    /** Reload what is shown (when the tab is selected, after changes, on the user's Refresh). */
    void refresh();

    /** The content is about to be disposed (stop timers, release resources). */
    default void dispose() {
    }
}
