package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.pack.Pack;

/**
 * EtherVPN's own plugin messages (no SoftEther counterpart): EvEnumPlugin, EvInstallPlugin (a
 * location on the server, or the jar's bytes) and EvUninstallPlugin ⇄ {@link PluginInfo},
 * {@link PluginBundleInfo}.
 */
public final class PluginWire {
    private PluginWire() {
    }

    /** EvEnumPlugin's answer, and the plugin list of an install/uninstall answer, appended to {@code p}. */
    public static Pack writeList(Pack p, List<PluginInfo> plugins) {
        p.beginJsonGroup("PluginList");
        for (PluginInfo i : plugins) {
            p.appendStr("Kind", i.kind().name()).appendStr("Name", i.name())
                    .appendUniStr("Description", i.description() == null ? "" : i.description())
                    .appendStr("Bundle", i.bundle()).appendStr("PluginVersion", i.version() == null ? "" : i.version())
                    .appendBool("BuiltIn", i.builtIn());
        }
        return p.endJsonGroup();
    }

    /** The plugins of an answer; a kind this side does not know yet is left out. */
    public static List<PluginInfo> readList(Pack a) {
        List<PluginInfo> list = new ArrayList<>();
        for (int i = 0; i < a.count("Name"); i++) {
            PluginKind kind;
            try {
                kind = PluginKind.valueOf(a.getStr("Kind", i));
            } catch (IllegalArgumentException e) {
                continue;
            }
            list.add(new PluginInfo(kind, a.getStr("Name", i), a.getText("Description", i), a.getStr("Bundle", i),
                    a.getStr("PluginVersion", i), a.getBool("BuiltIn", i)));
        }
        return list;
    }

    /** The answer of EvInstallPlugin and EvUninstallPlugin: the bundle and its plugins. */
    public static Pack writeBundle(PluginBundleInfo b) {
        Pack p = new Pack().addStr("BundleName", b.bundle()).addStr("BundleVersion", b.version()).addStr("BundleState", b.state());
        return writeList(p, b.plugins());
    }

    public static PluginBundleInfo readBundle(Pack a) {
        return new PluginBundleInfo(a.getStr("BundleName"), a.getStr("BundleVersion"), a.getStr("BundleState"), readList(a));
    }

    /** EvInstallPlugin with the jar's bytes (uploaded; {@code fileName} only for messages). */
    public static Pack installJar(byte[] jar, String fileName) {
        return new Pack().addData("Jar", jar).addStr("FileName", fileName);
    }

    /** EvInstallPlugin with a location on the server (a path there, or a URL it fetches). */
    public static Pack installLocation(String location) {
        return new Pack().addStr("Location", location);
    }

    public static Pack uninstall(String name) {
        return new Pack().addStr("Name", name);
    }
}
