package org.ethervpn.console.views;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.ethervpn.api.admin.SecureNatOptions;

/**
 * The SecureNAT settings form (SoftEther's "SecureNAT Configuration"): virtual host, virtual NAT,
 * virtual DHCP server. Each input is keyed by its VH_OPTION field name ({@code getData("field")}),
 * the name the server's error 38 messages start with, so a refusal is shown under the field it is
 * about ({@code getData("error")} = that key). What a field may hold is the server's to say; the
 * form only needs whole numbers where the record has numbers.
 */
final class SecureNatSettings {
    /** A field the form cannot read (not a number), or the server refused. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /** The text fields, in the order a message is searched for them (longer names that contain shorter ones first). */
    static final List<String> TEXT_FIELDS = List.of("MacAddress", "Ip", "Mask", "Mtu", "NatTcpTimeout", "NatUdpTimeout",
            "DhcpLeaseIPStart", "DhcpLeaseIPEnd", "DhcpSubnetMask", "DhcpExpireTimeSpan", "DhcpGatewayAddress",
            "DhcpDnsServerAddress2", "DhcpDnsServerAddress", "DhcpDomainName", "DhcpPushRoutes");

    private final Composite root;
    private final Map<String, Control> inputs = new LinkedHashMap<>();
    private final Map<String, Label> errors = new LinkedHashMap<>();
    private final Label general;
    private final Button useNat;
    private boolean dirty;
    private boolean loading;
    private final Runnable changed;

    /**
     * @param natAllowed false where the server says its virtual NAT is disabled ({@code b_virtual_nat_disabled}):
     *                   the NAT switch is then off and greyed, as SoftEther's manager does
     * @param changed    runs when the user edits a field (the form becomes dirty)
     */
    SecureNatSettings(Composite parent, boolean natAllowed, Runnable changed) {
        this.changed = changed;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2, true)); // equal columns: a message under a field does not shift the other
        Composite left = new Composite(root, SWT.NONE);
        GridLayout ll = new GridLayout(1, false);
        ll.marginWidth = 0;
        ll.marginHeight = 0;
        left.setLayout(ll);
        left.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Group host = group(left, "Virtual host");
        text(host, "MacAddress", "MAC address", 150, "e.g. 5E-12-34-56-78-9A");
        text(host, "Ip", "IP address", 150, null);
        text(host, "Mask", "Subnet mask", 150, null);
        Group nat = group(left, "Virtual NAT");
        useNat = check(nat, "UseNat", natAllowed ? "Use the virtual NAT" : "Use the virtual NAT (this server has it disabled)");
        useNat.setEnabled(natAllowed);
        text(nat, "Mtu", "MTU (bytes)", 80, "62..1500");
        text(nat, "NatTcpTimeout", "TCP timeout (s)", 80, "idle TCP sessions end after this");
        text(nat, "NatUdpTimeout", "UDP timeout (s)", 80, "idle UDP sessions end after this");
        check(nat, "SaveLog", "Log NAT sessions and DHCP leases");
        Group dhcp = group(root, "Virtual DHCP server");
        dhcp.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        check(dhcp, "UseDhcp", "Use the virtual DHCP server");
        text(dhcp, "DhcpLeaseIPStart", "Pool start", 150, "first address handed out");
        text(dhcp, "DhcpLeaseIPEnd", "Pool end", 150, "last address handed out");
        text(dhcp, "DhcpSubnetMask", "Subnet mask", 150, null);
        text(dhcp, "DhcpExpireTimeSpan", "Lease (s)", 80, "how long a lease lasts");
        text(dhcp, "DhcpGatewayAddress", "Default gateway", 150, "0.0.0.0: none");
        text(dhcp, "DhcpDnsServerAddress", "DNS server 1", 150, "0.0.0.0: none");
        text(dhcp, "DhcpDnsServerAddress2", "DNS server 2", 150, "0.0.0.0: none");
        text(dhcp, "DhcpDomainName", "Domain name", 150, "empty: none");
        text(dhcp, "DhcpPushRoutes", "Static routes", 230,
                "routes pushed to DHCP clients (option 121): network/mask/gateway, comma-separated, e.g. 10.0.0.0/8/192.168.30.1");
        check(dhcp, "ApplyDhcpPushRoutes", "Save these routes (unticked: the server keeps its own)");
        general = new Label(root, SWT.WRAP);
        general.setData("error", "");
        general.setForeground(root.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.widthHint = 600;
        gd.exclude = true;
        general.setLayoutData(gd);
        general.setVisible(false);
    }

    Composite control() {
        return root;
    }

    /** Whether the user changed something since the last {@link #show} or save. */
    boolean dirty() {
        return dirty;
    }

    void saved() {
        dirty = false;
    }

    /** Fills the form with the server's settings (not an edit: the form is clean afterwards). */
    void show(SecureNatOptions o) {
        loading = true;
        try {
            set("MacAddress", o.mac());
            set("Ip", o.ip());
            set("Mask", o.mask());
            check("UseNat", o.useNat() && useNat.isEnabled());
            set("Mtu", Integer.toString(o.mtu()));
            set("NatTcpTimeout", Integer.toString(o.natTcpTimeoutSeconds()));
            set("NatUdpTimeout", Integer.toString(o.natUdpTimeoutSeconds()));
            check("SaveLog", o.saveLog());
            check("UseDhcp", o.useDhcp());
            set("DhcpLeaseIPStart", o.dhcpLeaseStart());
            set("DhcpLeaseIPEnd", o.dhcpLeaseEnd());
            set("DhcpSubnetMask", o.dhcpSubnetMask());
            set("DhcpExpireTimeSpan", Integer.toString(o.dhcpExpireSeconds()));
            set("DhcpGatewayAddress", o.dhcpGateway());
            set("DhcpDnsServerAddress", o.dhcpDns());
            set("DhcpDnsServerAddress2", o.dhcpDns2());
            set("DhcpDomainName", o.dhcpDomainName());
            set("DhcpPushRoutes", o.dhcpPushRoutes());
            check("ApplyDhcpPushRoutes", o.applyDhcpPushRoutes());
        } finally {
            loading = false;
        }
        dirty = false;
        clearErrors();
    }

    /** The settings as the form holds them; numbers must be whole numbers, everything else the server checks. */
    SecureNatOptions read() throws Invalid {
        return new SecureNatOptions(get("MacAddress"), get("Ip"), get("Mask"), checked("UseNat"), number("Mtu"),
                number("NatTcpTimeout"), number("NatUdpTimeout"), checked("UseDhcp"), get("DhcpLeaseIPStart"),
                get("DhcpLeaseIPEnd"), get("DhcpSubnetMask"), number("DhcpExpireTimeSpan"), get("DhcpGatewayAddress"),
                get("DhcpDnsServerAddress"), get("DhcpDnsServerAddress2"), get("DhcpDomainName"), checked("SaveLog"),
                checked("ApplyDhcpPushRoutes"), get("DhcpPushRoutes"));
    }

    void clearErrors() {
        errors.values().forEach(l -> show(l, ""));
        show(general, "");
    }

    /** Shows {@code message} under {@code field}'s input, or under the form when it names none of them. */
    void error(String field, String message) {
        Label l = field == null ? null : errors.get(field);
        show(l != null ? l : general, message);
        Control in = field == null ? null : inputs.get(field);
        if (in != null) {
            in.setFocus();
        }
    }

    /**
     * The form field a server message is about: the first of the VH_OPTION names it mentions as a
     * word (our server starts its error 38 with it; a SoftEther server names none), or null. The hub's
     * name is left out of the search, so a hub called "Mtu" is not taken for the field.
     */
    static String fieldOf(String message, String hub) {
        if (message == null) {
            return null;
        }
        String m = hub == null || hub.isEmpty() ? message : message.replace("hub " + hub, "hub");
        String found = null;
        int at = Integer.MAX_VALUE;
        for (String f : TEXT_FIELDS) {
            Matcher x = Pattern.compile("(?<![A-Za-z0-9])" + f + "(?![A-Za-z0-9])").matcher(m);
            if (x.find() && x.start() < at) {
                at = x.start();
                found = f;
            }
        }
        return found;
    }

    /**
     * {@code message} from where it starts talking about {@code field} (at the start or after ": ", as
     * in the admin client's "cannot set ... of hub X: Mtu must be ..."), else the whole message.
     */
    static String fromField(String message, String field) {
        Matcher x = Pattern.compile("(?<![A-Za-z0-9])" + field + "(?![A-Za-z0-9])").matcher(message);
        while (x.find()) {
            if (x.start() == 0 || message.startsWith(": ", x.start() - 2)) {
                return message.substring(x.start());
            }
        }
        return message;
    }

    // ---------------------------------------------------------------- widgets

    private static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(2, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    private void text(Group g, String key, String label, int width, String hint) {
        new Label(g, SWT.NONE).setText(label);
        Text t = new Text(g, SWT.BORDER);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.widthHint = width;
        t.setLayoutData(gd);
        t.setData("field", key);
        if (hint != null) {
            t.setToolTipText(hint);
        }
        t.addListener(SWT.Modify, e -> edited());
        inputs.put(key, t);
        errorLabel(g, key);
    }

    private Button check(Group g, String key, String label) {
        Button b = new Button(g, SWT.CHECK);
        b.setText(label);
        b.setData("field", key);
        b.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        b.addListener(SWT.Selection, e -> edited());
        inputs.put(key, b);
        return b;
    }

    private void errorLabel(Group g, String key) {
        Label l = new Label(g, SWT.WRAP);
        l.setData("error", key);
        l.setForeground(g.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.widthHint = 300;
        gd.exclude = true;
        l.setLayoutData(gd);
        l.setVisible(false);
        errors.put(key, l);
    }

    private void show(Label l, String message) {
        boolean on = !message.isEmpty();
        l.setText(message);
        ((GridData) l.getLayoutData()).exclude = !on;
        l.setVisible(on);
        root.layout(true, true);
    }

    private void edited() {
        if (!loading) {
            dirty = true;
            changed.run();
        }
    }

    private void set(String key, String value) {
        ((Text) inputs.get(key)).setText(value == null ? "" : value);
    }

    private void check(String key, boolean on) {
        ((Button) inputs.get(key)).setSelection(on);
    }

    private String get(String key) {
        return ((Text) inputs.get(key)).getText().strip();
    }

    private boolean checked(String key) {
        return ((Button) inputs.get(key)).getSelection();
    }

    private int number(String key) throws Invalid {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Invalid(key, "a whole number, not \"" + v + "\"");
        }
    }
}
