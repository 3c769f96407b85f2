package org.ethervpn.admin.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ethervpn.pack.Pack;

/**
 * GetConfig, SetConfig (admin spec §5.10) and EtherVPN's EvImportConfig: the file travels in
 * {@code FileData}, named by {@code FileName}; EtherVPN's answers add a {@code Report} line per
 * change made (SoftEther's SetConfig answer echoes the request and has none).
 */
public final class ConfigWire {
    private static final String DATA = "FileData";
    private static final String REPORT = "Report";

    private ConfigWire() {
    }

    /** GetConfig's answer: the file as the server names it. */
    public static Pack writeFile(String fileName, byte[] data) {
        return new Pack().addStr("FileName", fileName).addData(DATA, data);
    }

    /** SetConfig's request as vpncmd sends it: no name, the file NUL-terminated. */
    public static Pack writeSetRequest(byte[] data) {
        return new Pack().addStr("FileName", "").addData(DATA, Arrays.copyOf(data, data.length + 1));
    }

    /** EvImportConfig's request: a SoftEther {@code vpn_server.config} as it is. */
    public static Pack writeImportRequest(byte[] data) {
        return new Pack().addData(DATA, data);
    }

    /** The file of a GetConfig answer or of a SetConfig/EvImportConfig request, trailing NULs cut; null if absent. */
    public static byte[] readFile(Pack p) {
        if (!p.contains(DATA)) {
            return null;
        }
        byte[] b = p.getData(DATA);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    /** Adds the report lines to an answer. */
    public static Pack writeReport(Pack answer, List<String> report) {
        report.forEach(line -> answer.appendUniStr(REPORT, line));
        return answer;
    }

    /** The report lines of an answer (none from a SoftEther server). */
    public static List<String> readReport(Pack answer) {
        List<String> report = new ArrayList<>();
        for (int i = 0; i < answer.count(REPORT); i++) {
            report.add(answer.getText(REPORT, i));
        }
        return report;
    }
}
