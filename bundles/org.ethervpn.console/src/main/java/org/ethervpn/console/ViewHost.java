package org.ethervpn.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;

/**
 * The tabs of one tree node (a server or one of its hubs): one per applicable {@link ConsoleView},
 * added and removed as view services come and go. A tab's content is built when the tab is first
 * shown, and refreshed whenever it is selected.
 */
final class ViewHost {
    static final Comparator<ConsoleView> ORDER = Comparator.comparingInt(ConsoleView::order).thenComparing(ConsoleView::title);
    private final CTabFolder folder;
    private final ViewContext context;
    private final Map<ConsoleView, Tab> tabs = new IdentityHashMap<>();

    private static final class Tab {
        final CTabItem item;
        ViewPart part;
        Image icon;

        Tab(CTabItem item) {
            this.item = item;
        }
    }

    ViewHost(Composite parent, ViewContext context) {
        this.context = context;
        folder = new CTabFolder(parent, SWT.TOP | SWT.BORDER);
        folder.setSimple(false);
        folder.addListener(SWT.Selection, e -> showSelected());
    }

    CTabFolder control() {
        return folder;
    }

    ViewContext context() {
        return context;
    }

    void add(ConsoleView view) {
        if (tabs.containsKey(view)) {
            return;
        }
        int index = 0;
        for (CTabItem it : folder.getItems()) {
            if (ORDER.compare((ConsoleView) it.getData(), view) < 0) {
                index++;
            }
        }
        CTabItem item = new CTabItem(folder, SWT.NONE, index);
        item.setText(view.title());
        item.setData(view);
        Tab tab = new Tab(item);
        if (view.icon() != null) {
            try (var in = view.icon().openStream()) {
                tab.icon = new Image(folder.getDisplay(), in);
                item.setImage(tab.icon);
            } catch (Exception e) {
                // a view without its icon is still a view
            }
        }
        tabs.put(view, tab);
        if (folder.getSelection() == null) {
            folder.setSelection(item);
            showSelected();
        }
    }

    void remove(ConsoleView view) {
        Tab tab = tabs.remove(view);
        if (tab == null) {
            return;
        }
        boolean wasSelected = folder.getSelection() == tab.item;
        close(tab);
        if (wasSelected && folder.getItemCount() > 0) {
            folder.setSelection(0);
            showSelected();
        }
    }

    /** Builds the selected tab's content if needed, then refreshes it. */
    void showSelected() {
        CTabItem item = folder.getSelection();
        if (item == null) {
            return;
        }
        ConsoleView view = (ConsoleView) item.getData();
        Tab tab = tabs.get(view);
        if (tab.part == null) {
            Composite content = new Composite(folder, SWT.NONE);
            content.setLayout(new FillLayout());
            try {
                tab.part = view.create(content, context);
            } catch (RuntimeException e) {
                content.dispose();
                context.error("the view " + view.title() + " failed: " + e);
                return;
            }
            item.setControl(content);
            content.layout(true, true);
        }
        tab.part.refresh();
    }

    void refresh() {
        showSelected();
    }

    /** Selects the tab titled {@code title}; false if there is none. */
    boolean select(String title) {
        for (CTabItem it : folder.getItems()) {
            if (it.getText().equals(title)) {
                folder.setSelection(it);
                showSelected();
                return true;
            }
        }
        return false;
    }

    List<String> titles() {
        List<String> out = new ArrayList<>();
        for (CTabItem it : folder.getItems()) {
            out.add(it.getText());
        }
        return out;
    }

    void dispose() {
        for (Tab t : new ArrayList<>(tabs.values())) {
            close(t);
        }
        tabs.clear();
        folder.dispose();
    }

    private static void close(Tab tab) {
        if (tab.part != null) {
            try {
                tab.part.dispose();
            } catch (RuntimeException ignored) {
                // the content goes anyway
            }
        }
        if (tab.item.getControl() != null) {
            tab.item.getControl().dispose();
        }
        tab.item.dispose();
        if (tab.icon != null) {
            tab.icon.dispose();
        }
    }
}
