package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.ethervpn.admin.client.AdminConnection;
import org.ethervpn.admin.client.RemoteAdmin;
import org.ethervpn.admin.client.RpcFailure;
import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackJson;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.protocol.Sha0;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a hub administrator reaches neither another hub nor a server-wide method, through any
 * path: the binary admin RPC (vpncmd's), JSON-RPC over HTTPS and the remote shell's
 * {@link RemoteAdmin}, all over real TLS into the real server and the real {@link RpcEndpoint}.
 *
 * <p>The methods come from the endpoint's own registry, so a method added later is tested at once:
 * unless this table names it as SoftEther's {@code CHECK_RIGHT} (hub administrators of that hub) or
 * as readable by any administrator, it must be refused to a hub administrator (SoftEther's
 * {@code SERVER_ADMIN_ONLY}). Every refusal is error 52 and leaves the configuration byte for byte
 * as it was.
 */
class AdminRightsTest {
    /** SoftEther's Admin.c: methods with CHECK_RIGHT and no SERVER_ADMIN_ONLY (allowed on one's own hub). */
    static final Set<String> HUB_METHODS = Set.of("GetHubStatus", "GetHub", "SetHub", "SetHubOnline", "CreateLink",
            "SetLink", "GetLink", "EnumLink", "SetLinkOnline", "SetLinkOffline", "DeleteLink", "GetLinkStatus",
            "EnumMacTable", "EnumSession", "GetSessionStatus", "DeleteSession", "CreateUser", "SetUser", "GetUser",
            "DeleteUser", "EnumUser", "EnableSecureNAT", "DisableSecureNAT", "GetSecureNATOption", "SetSecureNATOption",
            "EnumNAT", "EnumDHCP", "GetSecureNATStatus");
    /** SoftEther's Admin.c: read-only methods without either check (EnumHub filters, GetServerCert hides the key). */
    static final Set<String> ANY_METHODS = Set.of("Test", "GetServerInfo", "GetServerStatus", "GetCaps", "GetServerCert",
            "GetServerCipher", "GetServerCipherList", "EnumListener", "GetBridgeSupport", "EnumLocalBridge", "EnumHub");
    /** The remote shell's API calls that only read what {@link #ANY_METHODS} answer. */
    static final Set<String> ANY_API = Set.of("hubList", "isBridge", "capabilities", "serverInfo", "serverStatus",
            "serverCertificateGet", "listenerList", "serverCipherGet", "bridgeList");

    @TempDir
    static Path dir;
    static RealServer server;
    static RpcEndpoint endpoint;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new RealServer(dir);
        endpoint = new RpcEndpoint(server.admin, () -> RealServer.IDENTITY, server.log.logger());
        Field f = org.ethervpn.server.VpnServerComponent.class.getDeclaredField("rpcEndpoints");
        f.setAccessible(true); // what DS does when admin.rpc's component comes
        f.set(server.server, List.of(endpoint));
        port = server.admin.listenerList().get(0).port();
        VpnServerAdmin a = server.admin;
        a.serverPasswordSet("server-pw".toCharArray());
        for (String hub : List.of("A", "B")) {
            a.hubCreate(hub);
            a.hubPasswordSet(hub, ("hub-" + hub).toCharArray());
            a.userCreate(hub, "bob", "Bob", "");
            a.userPasswordSet(hub, "bob", "pw".toCharArray());
            a.cascadeCreate(hub, "link1", "127.0.0.1:" + port, "DEFAULT", "bob");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (endpoint != null) {
            endpoint.deactivate();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What a hub administrator of A sends to reach hub B (or, with "A", its own hub). */
    static Pack request(String hub) {
        return new Pack().addStr("HubName", hub).addStr("HubName_Ex", hub).addStr("RpcHubName", hub).addStr("Name", "bob")
                .addStr("AccountName", "link1").addInt("Port", 1).addBool("Online", true).addInt("IntValue", 1)
                .addStr("StrValue", "x").addStr("Location", "/tmp/x.jar").addStr("FileName", "x.jar");
    }

    static Set<String> methods() {
        Set<String> names = new TreeSet<>(endpoint.methodNames());
        assertTrue(names.containsAll(HUB_METHODS) && names.containsAll(ANY_METHODS),
                "the table names methods that are no longer registered");
        return names;
    }

    static AdminConnection hubAdmin() throws Exception {
        return AdminConnection.open("127.0.0.1", port, "A", Sha0.hash("hub-A".getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- binary RPC

    @Test
    void binaryRpcRefusesOtherHubsAndServerMethods() throws Exception {
        byte[] before = server.admin.configGet();
        List<String> wrong = new ArrayList<>();
        try (AdminConnection c = hubAdmin()) {
            for (String m : methods()) {
                for (String hub : List.of("B", "A")) {
                    boolean allowed = ANY_METHODS.contains(m) || HUB_METHODS.contains(m) && hub.equals("A");
                    if (allowed) {
                        continue;
                    }
                    int error = binaryError(c, m, request(hub));
                    if (error != AdminError.NOT_ENOUGH_RIGHT.code()) {
                        wrong.add(m + " (HubName " + hub + "): error " + error);
                    }
                }
            }
            assertEquals(List.of(), wrong, "hub administrator of A not refused with 52");
            assertArrayEquals(before, server.admin.configGet(), "a refused call changed the configuration");
            anyMethodsShowOnlyWhatAHubAdminMaySee(c);
        }
    }

    /** The read-only methods answer, but EnumHub lists only hub A and GetServerCert carries no private key. */
    private static void anyMethodsShowOnlyWhatAHubAdminMaySee(AdminConnection c) {
        for (String m : ANY_METHODS) {
            assertEquals(0, binaryError(c, m, request("B")), m);
        }
        Pack hubs = c.call("EnumHub", new Pack());
        assertEquals(1, hubs.count("HubName"));
        assertEquals("A", hubs.getStr("HubName"));
        Pack cert = c.call("GetServerCert", new Pack());
        assertTrue(cert.getData("Cert").length > 0);
        assertEquals(0, cert.getData("Key").length, "the server's private key went to a hub administrator");
    }

    /** The positive control: the same table lets the hub administrator manage its own hub. */
    @Test
    void hubMethodsWorkOnTheHubAdministratorsOwnHub() throws Exception {
        try (AdminConnection c = hubAdmin()) {
            for (String m : HUB_METHODS) {
                assertNotEquals(AdminError.NOT_ENOUGH_RIGHT.code(), binaryError(c, m, ownHubReadRequest()), m);
            }
            c.call("CreateUser", new Pack().addStr("HubName", "A").addStr("Name", "carol").addInt("AuthType", 0));
            assertEquals("carol", server.admin.userGet("A", "carol").name());
        }
    }

    private static Pack ownHubReadRequest() {
        return new Pack().addStr("HubName", "A").addStr("HubName_Ex", "A").addStr("RpcHubName", "A").addStr("Name", "nobody")
                .addStr("AccountName", "nolink");
    }

    private static int binaryError(AdminConnection c, String method, Pack request) {
        try {
            c.call(method, request);
            return 0;
        } catch (RpcFailure e) {
            return e.code();
        }
    }

    // ---------------------------------------------------------------- JSON-RPC

    @Test
    void jsonRpcRefusesOtherHubsAndServerMethods() throws Exception {
        byte[] before = server.admin.configGet();
        List<String> wrong = new ArrayList<>();
        for (String m : methods()) {
            for (String hub : List.of("B", "A")) {
                if (ANY_METHODS.contains(m) || HUB_METHODS.contains(m) && hub.equals("A")) {
                    continue;
                }
                JsonObject answer = jsonRpc("A", "hub-A", m, request(hub));
                if (code(answer) != AdminError.NOT_ENOUGH_RIGHT.code()) {
                    wrong.add(m + " (HubName " + hub + "): " + answer);
                }
                if (hub.equals("A")) {
                    continue;
                }
                // the same as GET /api/<Method>?query (spec §4.1)
                JsonObject get = http("GET /api/" + m + "?HubName_str=" + hub + "&HubName_Ex_str=" + hub + "&RpcHubName_str=" + hub
                        + "&Name_str=bob&AccountName_str=link1&Port_u32=1&Online_bool=true", "A", "hub-A", new byte[0]);
                if (code(get) != AdminError.NOT_ENOUGH_RIGHT.code()) {
                    wrong.add("GET " + m + " (HubName " + hub + "): " + get);
                }
            }
        }
        assertEquals(List.of(), wrong, "hub administrator of A not refused with 52 over JSON-RPC");
        assertArrayEquals(before, server.admin.configGet(), "a refused call changed the configuration");
        JsonObject hubs = jsonRpc("A", "hub-A", "EnumHub", new Pack());
        String text = hubs.toString();
        assertTrue(text.contains("\"A\""), text);
        assertFalse(text.contains("\"B\"") || text.contains("DEFAULT"), "EnumHub shows other hubs: " + text);
    }

    private static long code(JsonObject answer) {
        return answer.get("error") instanceof JsonObject e && e.get("code") instanceof JsonNumber n ? Long.parseLong(n.text()) : 0;
    }

    /** One JSON-RPC call over HTTPS with the hub administrator's headers, as SoftEther's clients send it. */
    static JsonObject jsonRpc(String hub, String password, String method, Pack params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"" + method + "\",\"params\":" + PackJson.toJson(params) + "}";
        return http("POST /api/", hub, password, body.getBytes(StandardCharsets.UTF_8));
    }

    /** One request with the administrator's headers; the JSON answer. */
    static JsonObject http(String requestLine, String hub, String password, byte[] body) throws Exception {
        try (SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-VPNADMIN-HUBNAME: " + hub + "\r\nX-VPNADMIN-PASSWORD: " + password + "\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            int length = Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
            byte[] answer = s.getInputStream().readNBytes(length);
            return (JsonObject) JsonReader.parse(new String(answer, StandardCharsets.UTF_8), JsonLimits.SOFTETHER);
        }
    }

    /** The response head up to the empty line (the server may keep the connection open). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed in the response head: " + b);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, new SecureRandom());
        return ctx;
    }

    // ---------------------------------------------------------------- the remote shell

    /**
     * {@code ethervpn shell --server --hub A}: every {@link VpnServerAdmin} method through the remote
     * shell's {@link RemoteAdmin}, aimed at hub B or the server. Each RPC it makes must be refused
     * with 52 unless it is one of the read-only methods, and the configuration must not change.
     */
    @Test
    void remoteShellReachesNeitherOtherHubsNorTheServer() throws Exception {
        byte[] before = server.admin.configGet();
        List<String> wrong = new ArrayList<>();
        try (AdminConnection c = hubAdmin()) {
            List<String> calls = new ArrayList<>();
            VpnServerAdmin remote = new RemoteAdmin((function, req) -> {
                try {
                    Pack a = c.call(function, req);
                    calls.add(function + "=0");
                    return a;
                } catch (RpcFailure e) {
                    calls.add(function + "=" + e.code());
                    throw e;
                }
            });
            for (Method m : VpnServerAdmin.class.getMethods()) {
                if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                calls.clear();
                Object[] args = arguments(m);
                Throwable failure = null;
                try {
                    m.invoke(remote, args);
                } catch (InvocationTargetException e) {
                    failure = e.getCause();
                }
                for (String call : calls) {
                    String function = call.substring(0, call.indexOf('='));
                    if (!ANY_METHODS.contains(function) && !call.endsWith("=" + AdminError.NOT_ENOUGH_RIGHT.code())) {
                        wrong.add(m.getName() + " → " + call);
                    }
                }
                if (failure == null && !ANY_API.contains(m.getName()) && !calls.isEmpty()) {
                    wrong.add(m.getName() + " succeeded for hub B or the server: " + calls);
                }
                if (failure != null && !(failure instanceof AdminException)) {
                    fail(m.getName() + " failed in an unexpected way", failure);
                }
            }
            assertEquals(List.of(), wrong);
            List<HubInfo> hubs = remote.hubList();
            assertEquals(List.of("A"), hubs.stream().map(HubInfo::name).toList());
        }
        assertArrayEquals(before, server.admin.configGet(), "a refused call changed the configuration");
    }

    /** Plausible arguments: every name is "B" (the other hub, or a name in it), passwords and hashes real-looking. */
    private static Object[] arguments(Method m) {
        Parameter[] ps = m.getParameters();
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Class<?> t = ps[i].getType();
            args[i] = t == String.class ? (i == 0 ? "B" : "link1")
                    : t == int.class ? 5555
                    : t == boolean.class ? Boolean.TRUE
                    : t == char[].class ? "guess".toCharArray()
                    : t == byte[].class ? Sha0.hash("guess".getBytes(StandardCharsets.UTF_8))
                    : t == Instant.class ? Instant.now().plusSeconds(86_400)
                    : t == List.class ? List.of("TLS_AES_128_GCM_SHA256")
                    : t == CascadeOptions.class ? CascadeOptions.defaults()
                    : t == SecureNatOptions.class ? SecureNatOptions.defaults("5E-00-00-00-00-01")
                    : null;
            if (args[i] == null) {
                fail("no test argument for " + t + " of " + m + ": add one here");
            }
        }
        return args;
    }

    // ---------------------------------------------------------------- own hub: what SoftEther refuses

    /**
     * SoftEther refuses a hub administrator who is not on the server's machine an empty hub password
     * (error 38): the hub could then only be administered from the server itself. From loopback it is
     * allowed, and the server administrator may always.
     */
    @Test
    void aRemoteHubAdministratorCannotSetAnEmptyHubPassword() {
        byte[] emptySha0 = Sha0.hash(new byte[0]);
        java.util.function.Supplier<Pack> plainEmpty = () -> new Pack().addStr("HubName", "A").addBool("Online", true)
                .addInt("MaxSession", 0).addData("HashedPassword", emptySha0);
        byte[] before = server.admin.configGet();
        Dispatcher.Outcome remote = server.dispatcher.call(named("SetHub", plainEmpty.get()), new AdminCaller("A", "192.0.2.7"));
        assertEquals(AdminError.INVALID_PARAMETER.code(), remote.error(), remote.message());
        Dispatcher.Outcome remote6 = server.dispatcher.call(named("SetHub", plainEmpty.get()), new AdminCaller("A", "2001:db8::7"));
        assertEquals(AdminError.INVALID_PARAMETER.code(), remote6.error(), remote6.message());
        assertArrayEquals(before, server.admin.configGet(), "the refused empty password was stored");
        Dispatcher.Outcome local = server.dispatcher.call(named("SetHub", plainEmpty.get()), new AdminCaller("A", "127.0.0.1"));
        assertEquals(0, local.error(), local.message());
        server.admin.hubPasswordSet("A", "hub-A".toCharArray());
        Dispatcher.Outcome changed = server.dispatcher.call(named("SetHub", new Pack().addStr("HubName", "B")
                .addBool("Online", true).addInt("MaxSession", 0).addData("HashedPassword", emptySha0)),
                AdminCaller.serverAdmin("192.0.2.7"));
        assertEquals(0, changed.error(), changed.message());
        server.admin.hubPasswordSet("B", "hub-B".toCharArray());
    }

    private static Pack named(String method, Pack p) {
        return p.addStr("function_name", method);
    }
}
