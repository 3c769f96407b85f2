package org.ethervpn.cipher.modern;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs the record ciphers of our suites over throwaway data once, right after start, so that the JIT
 * has compiled them (and switched to the CPU's AES/GHASH instructions) before the first session.
 * Until then the JDK runs AES-GCM block by block in interpreted Java: a first session measured at a
 * fifth of its later throughput with 10 ms pings, on a busy 2-core machine, because of that.
 *
 * <p>Bounded: at most {@link #BUDGET_NANOS} of wall time; each cipher stops early once a chunk runs at
 * compiled speed. It encrypts and then decrypts every record with a check, so the work cannot be
 * optimised away and a broken provider shows up as a failure, not a silent no-op.
 */
final class CipherWarmUp implements Runnable {
    /** A TLS record's plaintext at most. */
    static final int RECORD = 16384;
    static final int CHUNK = 32;
    static final long BUDGET_NANOS = 3_000_000_000L;
    /** A chunk (512 KiB) faster than this: compiled code (interpreted AES-GCM runs at ~70 MB/s). */
    static final long FAST_CHUNK_NANOS = CHUNK * (long) RECORD; // 1 ns per byte, 1 GB/s

    private final long budgetNanos;
    private final boolean stopWhenFast;
    private volatile long records;

    /** @param stopWhenFast end each cipher once a chunk ran at compiled speed (false: use the whole budget) */
    CipherWarmUp(long budgetNanos, boolean stopWhenFast) {
        this.budgetNanos = budgetNanos;
        this.stopWhenFast = stopWhenFast;
    }

    /** Starts the warm-up on a daemon thread; interrupt it to stop early. */
    static Thread start() {
        Thread t = new Thread(new CipherWarmUp(BUDGET_NANOS, true), "ethervpn-cipher-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** Records encrypted and decrypted so far. */
    long records() {
        return records;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + budgetNanos;
        try {
            // TLS 1.3 and 1.2 use the ByteBuffer paths of the JDK's AEAD ciphers, heap or direct
            warm("AES/GCM/NoPadding", "AES", 32, true, deadline);
            warm("AES/GCM/NoPadding", "AES", 16, false, deadline);
            warm("ChaCha20-Poly1305", "ChaCha20", 32, true, deadline);
        } catch (GeneralSecurityException e) {
            // a cipher the JDK lacks is not ours to report here: the handshake will say so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warm(String transformation, String keyAlgorithm, int keyLength, boolean direct, long deadline)
            throws GeneralSecurityException, InterruptedException {
        Cipher enc = Cipher.getInstance(transformation);
        Cipher dec = Cipher.getInstance(transformation);
        SecretKeySpec key = new SecretKeySpec(new byte[keyLength], keyAlgorithm);
        ByteBuffer plain = direct ? ByteBuffer.allocateDirect(RECORD) : ByteBuffer.allocate(RECORD);
        ByteBuffer sealed = direct ? ByteBuffer.allocateDirect(RECORD + 16) : ByteBuffer.allocate(RECORD + 16);
        ByteBuffer opened = direct ? ByteBuffer.allocateDirect(RECORD) : ByteBuffer.allocate(RECORD);
        byte[] nonce = new byte[12];
        for (long n = 0; System.nanoTime() < deadline; ) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CHUNK; i++, n++) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                Arrays.fill(nonce, 4, 12, (byte) 0);
                ByteBuffer.wrap(nonce).putLong(4, n); // a fresh nonce per record, as TLS uses its sequence number
                plain.clear();
                plain.put(0, (byte) n);
                sealed.clear();
                opened.clear();
                enc.init(Cipher.ENCRYPT_MODE, key, spec(transformation, nonce));
                enc.doFinal(plain, sealed);
                sealed.flip();
                dec.init(Cipher.DECRYPT_MODE, key, spec(transformation, nonce));
                dec.doFinal(sealed, opened);
                if (opened.position() != RECORD || opened.get(0) != (byte) n) {
                    throw new IllegalStateException(transformation + " did not give back what it sealed");
                }
                records++;
            }
            if (stopWhenFast && System.nanoTime() - t0 < FAST_CHUNK_NANOS) {
                return;
            }
        }
    }

    private static java.security.spec.AlgorithmParameterSpec spec(String transformation, byte[] nonce) {
        return transformation.startsWith("AES") ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
    }
}
