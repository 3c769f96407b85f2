package org.ethervpn.tap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Drops capabilities from the calling thread's effective set (Linux capabilities are per thread), to test EPERM paths as root. */
final class Caps {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;
    private static final int VERSION_3 = 0x20080522;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor SIG = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle CAPGET = LINKER.downcallHandle(LINKER.defaultLookup().find("capget").orElseThrow(), SIG);
    private static final MethodHandle CAPSET = LINKER.downcallHandle(LINKER.defaultLookup().find("capset").orElseThrow(), SIG);

    private Caps() {
    }

    /** Clears {@code caps} (all below 32) from this thread's effective set; the thread should end soon after. */
    static void dropEffective(int... caps) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment header = a.allocate(8, 4);
            header.set(JAVA_INT, 0, VERSION_3); // pid 0: this thread
            MemorySegment data = a.allocate(24, 4); // two of {effective, permitted, inheritable}
            if ((int) CAPGET.invokeExact(header, data) != 0) {
                throw new IllegalStateException("capget failed");
            }
            int effective = data.get(JAVA_INT, 0);
            for (int cap : caps) {
                effective &= ~(1 << cap);
            }
            data.set(JAVA_INT, 0, effective);
            if ((int) CAPSET.invokeExact(header, data) != 0) {
                throw new IllegalStateException("capset failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
