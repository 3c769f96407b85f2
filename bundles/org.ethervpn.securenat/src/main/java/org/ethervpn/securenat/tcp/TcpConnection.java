package org.ethervpn.securenat.tcp;

import static org.ethervpn.securenat.tcp.Segments.ACK;
import static org.ethervpn.securenat.tcp.Segments.FIN;
import static org.ethervpn.securenat.tcp.Segments.PSH;
import static org.ethervpn.securenat.tcp.Segments.RST;
import static org.ethervpn.securenat.tcp.Segments.SYN;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.securenat.engine.Host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The virtual host's end of one client TCP connection: segments from the client in, segments to it
 * out (through {@link Host#sendIp}), bytes to and from the destination through a {@link Relay}.
 * Sequence numbers are ints compared by difference (they wrap). Timers run from {@link #tick}.
 * Not thread-safe: the engine's loop only.
 */
final class TcpConnection {
    /** Our receive window: bytes the client may have in flight toward the destination. */
    static final int RCV_WINDOW = 512 * 1024;
    /** Our window-scale shift (65535 << 3 > {@link #RCV_WINDOW}). */
    static final int WINDOW_SHIFT = 4;
    /** Bytes from the destination held for the client (unsent + unacknowledged) before the socket stops being read; see also {@link TcpNat#BUDGET}. */
    static final int SEND_BUFFER = 1024 * 1024;
    static final long INITIAL_RTO = TimeUnit.SECONDS.toNanos(1);
    static final long MIN_RTO = TimeUnit.MILLISECONDS.toNanos(200);
    static final long MAX_RTO = TimeUnit.SECONDS.toNanos(30);
    /** Consecutive timeouts with no segment from the client before both sides are reset (about a minute). */
    static final int MAX_TIMEOUTS = 8;
    static final long TIME_WAIT = TimeUnit.SECONDS.toNanos(2);
    static final int DEFAULT_MSS = 536;
    /** Segments kept while a hole before them is filled. */
    static final int MAX_HELD = 256;

    private record Held(int seq, ByteBuf data, boolean fin) {
    }

    enum Phase { CONNECTING, SYN_ACK_SENT, ESTABLISHED, TIME_WAIT, CLOSED }

    private final TcpNat nat;
    private final Host host;
    final TcpNat.Flow flow;
    final int id;
    final long created;
    /** The destination could not be reached (for the hub's log). */
    boolean failed;
    long last;
    long sendBytes;
    long recvBytes;
    Relay relay;
    /** Waiting in {@link TcpNat}'s flush list. */
    boolean dirty;
    Phase phase = Phase.CONNECTING;

    // from the client
    private final int irs;
    private int rcvNxt;
    private int rcvEdge;
    private boolean finReceived;
    private int unacked;
    private boolean ackQueued;
    private final ArrayList<Held> held = new ArrayList<>(0);

    // to the client
    private final int iss;
    private int una;
    private int nxt;
    private int max;
    private int sndWnd;
    private int wl1;
    private int wl2;
    private final int sndShift;
    private final boolean scaling;
    private final int mss;
    private final CompositeByteBuf queue = PooledByteBufAllocator.DEFAULT.compositeBuffer(4096);
    private boolean eof;
    private boolean finSent;
    private boolean finAcked;
    private boolean finSeqKnown;
    private int finSeq;
    private boolean readPaused = true;
    private boolean probing;

    // timers and congestion
    private long rto = INITIAL_RTO;
    private long srtt = -1;
    private long rttvar;
    private long timerAt;
    private int timeouts;
    private boolean timing;
    private int rttSeq;
    private long rttStart;
    private int cwnd;
    private int ssthresh = Integer.MAX_VALUE;
    private int dupAcks;
    private boolean recovery;
    private int recover;
    private long closeAt;

    /** From the client's SYN: its initial sequence number, MSS option ({@code -1} if absent) and window-scale shift ({@code -1} if absent). */
    TcpConnection(TcpNat nat, TcpNat.Flow flow, int irs, int clientMss, int clientShift, int iss) {
        this.nat = nat;
        this.host = nat.host;
        this.flow = flow;
        this.id = host.nextSessionId();
        this.created = host.nanoTime();
        this.last = created;
        this.irs = irs;
        this.rcvNxt = irs + 1;
        this.rcvEdge = rcvNxt;
        this.iss = iss;
        this.una = iss;
        this.nxt = iss;
        this.max = iss;
        this.scaling = clientShift >= 0;
        this.sndShift = scaling ? clientShift : 0;
        this.mss = Math.max(64, Math.min(clientMss > 0 ? clientMss : DEFAULT_MSS, host.config().mtu() - 40));
        this.cwnd = 10 * mss;
    }

    NatTcpState state() {
        return switch (phase) {
            case CONNECTING -> NatTcpState.CONNECTING;
            case SYN_ACK_SENT -> NatTcpState.CONNECTED;
            case ESTABLISHED -> finReceived || eof ? NatTcpState.WAIT_DISCONNECT : NatTcpState.ESTABLISHED;
            case TIME_WAIT, CLOSED -> NatTcpState.WAIT_DISCONNECT;
        };
    }

    // ---- the socket side ----

    /** The destination accepted: answer the client's SYN (SoftEther's order: SYN-ACK only once connected). */
    void connected() {
        if (phase != Phase.CONNECTING) {
            return;
        }
        phase = Phase.SYN_ACK_SENT;
        nxt = iss + 1;
        max = nxt;
        sendSynAck();
        arm();
    }

    /** The destination refused, was unreachable or did not answer in time: reset the client. */
    void connectFailed() {
        if (phase != Phase.CONNECTING) {
            return;
        }
        segment(0, RST | ACK, 0, 0);
        failed = true;
        end();
    }

    /** Bytes the destination sent (takes the reference). */
    void fromSocket(ByteBuf data) {
        if (phase == Phase.CLOSED || eof) {
            data.release();
            return;
        }
        last = host.nanoTime();
        int n = data.readableBytes();
        recvBytes += n; // as read from the socket, like SoftEther's count
        queue.addComponent(true, data);
        nat.queued += n;
        if (!readPaused && (queue.readableBytes() >= SEND_BUFFER || nat.overBudget())) {
            readPaused = true;
            relay.readable(false);
            nat.starving(this);
        }
        pump();
    }

    /** The destination closed its side: FIN to the client after the queued data. */
    void socketEof() {
        if (phase == Phase.CLOSED || eof) {
            return;
        }
        eof = true;
        pump();
        maybeFinished();
    }

    /** The destination reset the connection (or its socket failed): reset the client. */
    void socketReset() {
        if (phase == Phase.CLOSED || phase == Phase.TIME_WAIT) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            connectFailed();
            return;
        }
        segment(nxt, RST | ACK, 0, 0);
        end();
    }

    /** The socket drained below its low-water mark: tell the client our window opened. */
    void windowOpened() {
        if (phase == Phase.ESTABLISHED && !finReceived) {
            ack();
        }
    }

    // ---- the client side ----

    /** One segment of this flow from the client: header at {@code tcp}, {@code len} bytes of payload at {@code data}. */
    void input(ByteBuf f, int tcp, int data, int len) {
        int seq = f.getInt(tcp + 4);
        int ackNo = f.getInt(tcp + 8);
        int flags = f.getUnsignedByte(tcp + 13);
        int window = f.getUnsignedShort(tcp + 14);
        long now = host.nanoTime();
        if ((flags & RST) != 0) {
            if (phase != Phase.TIME_WAIT && (seq == rcvNxt || (seq - rcvNxt >= 0 && seq - rcvEdge < 0))) {
                relay.reset();
                end();
            }
            return;
        }
        last = now;
        timeouts = 0;
        if ((flags & SYN) != 0) {
            if (phase == Phase.SYN_ACK_SENT && seq == irs) {
                sendSynAck(); // our SYN-ACK was lost
            } else if (phase != Phase.CONNECTING) {
                ack();
            }
            return;
        }
        if (phase == Phase.CONNECTING || (flags & ACK) == 0) {
            return;
        }
        if (phase == Phase.TIME_WAIT) {
            if ((flags & FIN) != 0) {
                ack();
            }
            return;
        }
        if (phase == Phase.SYN_ACK_SENT) {
            if (ackNo != iss + 1) {
                segment(ackNo, RST, 0, 0);
                return;
            }
            phase = Phase.ESTABLISHED;
            una = iss + 1;
            timerAt = 0;
            timeouts = 0;
            wl1 = seq;
            wl2 = ackNo;
            sndWnd = window << sndShift;
            if (!resume()) {
                nat.starving(this);
            }
        } else if (!acknowledged(seq, ackNo, window << sndShift, len == 0 && (flags & FIN) == 0, now)) {
            return;
        }
        if (len > 0 || (flags & FIN) != 0) {
            receive(f, seq, data, len, (flags & FIN) != 0);
        }
        if (phase == Phase.ESTABLISHED) {
            pump();
            maybeFinished();
        }
    }

    /** Processes the ACK field; false if the segment is to be dropped. */
    private boolean acknowledged(int seq, int ackNo, int window, boolean pure, long now) {
        if (ackNo - max > 0) {
            ack(); // acknowledges what we never sent
            return false;
        }
        if (ackNo - una < 0) {
            return true; // old
        }
        boolean windowChanged = false;
        if (seq - wl1 > 0 || (seq == wl1 && ackNo - wl2 >= 0)) {
            windowChanged = window != sndWnd;
            sndWnd = window;
            if (probing && window != 0) {
                probing = false;
                if (ackNo == una) {
                    nxt = una; // the probe byte was not taken: it goes again with the rest
                }
            }
            wl1 = seq;
            wl2 = ackNo;
        }
        if (ackNo == una) {
            if (pure && !windowChanged && window != 0 && nxt != una) {
                duplicate();
            }
            return true;
        }
        int acked = ackNo - una;
        int data = Math.min(acked, queue.readableBytes());
        queue.skipBytes(data);
        nat.queued -= data;
        queue.discardReadComponents();
        if (finSeqKnown && ackNo - finSeq > 0) {
            finAcked = true; // also when our FIN arrived but is being resent after a timeout
        }
        una = ackNo;
        if (nxt - una < 0) {
            nxt = una; // an ACK beyond a go-back point after a timeout
        }
        if (timing && ackNo - rttSeq >= 0) {
            timing = false;
            sample(now - rttStart);
        }
        rto = computedRto();
        timerAt = nxt != una ? now + rto : 0;
        if (recovery) {
            if (ackNo - recover >= 0) {
                recovery = false;
                cwnd = ssthresh;
            } else {
                retransmitFirst(); // NewReno partial ACK: the next hole
                cwnd = Math.max(mss, cwnd - acked + mss);
            }
        } else if (cwnd < ssthresh) {
            cwnd += Math.min(acked, 2 * mss); // slow start, RFC 3465's L = 2 (clients ACK every second segment)
        } else {
            cwnd += Math.max(1, mss * mss / cwnd);
        }
        cwnd = Math.min(cwnd, SEND_BUFFER * 2);
        dupAcks = 0;
        resume();
        nat.released();
        return true;
    }

    /** Reads the socket again if this flow's queue is half empty and the NAT is under its budget; false if still paused. */
    boolean resume() {
        if (readPaused && phase == Phase.ESTABLISHED && !eof && queue.readableBytes() < SEND_BUFFER / 2 && !nat.overBudget()) {
            readPaused = false;
            relay.readable(true);
        }
        return !readPaused;
    }

    private void duplicate() {
        dupAcks++;
        if (dupAcks == 3 && !recovery) {
            ssthresh = Math.max((nxt - una) / 2, 2 * mss);
            recovery = true;
            recover = max;
            timing = false;
            retransmitFirst();
            cwnd = ssthresh + 3 * mss;
        } else if (dupAcks > 3 && recovery) {
            cwnd += mss;
        }
    }

    private void receive(ByteBuf f, int seq, int data, int len, boolean fin) {
        if (finReceived) {
            ack();
            return;
        }
        int skip = rcvNxt - seq;
        if (skip < 0) {
            hold(f, seq, data, len, fin);
            ack(); // a duplicate ACK: the client's fast retransmit fills the hole
            return;
        }
        if (skip > len || (skip == len && !fin)) {
            ack(); // an old duplicate
            return;
        }
        boolean trimmed = deliver(f, data + skip, len - skip, fin);
        boolean filled = !held.isEmpty() && drainHeld();
        if (trimmed || finReceived || filled || unacked >= 2) {
            ack();
        } else if (unacked > 0) {
            ackQueued = true;
        }
    }

    /** Writes in-order bytes to the socket, at most up to the window's edge; true if some were beyond it. */
    private boolean deliver(ByteBuf b, int index, int len, boolean fin) {
        int allowed = rcvEdge - rcvNxt;
        boolean trimmed = len > allowed;
        if (trimmed) {
            len = Math.max(0, allowed);
            fin = false;
        }
        if (len > 0) {
            relay.write(b.retainedSlice(index, len));
            rcvNxt += len;
            sendBytes += len;
            unacked++;
            nat.flushLater(this);
        }
        if (fin) {
            finReceived = true;
            rcvNxt++;
            relay.shutdownOutput();
            nat.flushLater(this);
        }
        return trimmed;
    }

    /**
     * Keeps a segment that arrived after a hole (at most {@link #MAX_HELD}, inside the window we
     * offered), copied: the frame may be a slice of a much larger buffer.
     */
    private void hold(ByteBuf f, int seq, int data, int len, boolean fin) {
        if (seq + len - rcvEdge > 0 || held.size() >= MAX_HELD) {
            return;
        }
        int i = 0;
        while (i < held.size() && held.get(i).seq() - seq < 0) {
            i++;
        }
        if (i < held.size() && held.get(i).seq() == seq && held.get(i).data().readableBytes() >= len) {
            return;
        }
        ByteBuf copy = PooledByteBufAllocator.DEFAULT.buffer(len);
        copy.writeBytes(f, data, len);
        held.add(i, new Held(seq, copy, fin));
    }

    /** Delivers the held segments the hole no longer separates; true if any. */
    private boolean drainHeld() {
        boolean any = false;
        while (!held.isEmpty() && !finReceived) {
            Held h = held.get(0);
            int skip = rcvNxt - h.seq();
            if (skip < 0) {
                break;
            }
            held.remove(0);
            int len = h.data().readableBytes();
            if (skip < len || (skip == len && h.fin())) {
                deliver(h.data(), h.data().readerIndex() + skip, len - skip, h.fin());
                any = true;
            }
            h.data().release();
        }
        return any;
    }

    /** End of a batch of frames: send the ACK we held back, flush what we wrote to the socket. */
    void flush() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (ackQueued) {
            ack();
        }
        relay.flush();
    }

    // ---- sending ----

    /** Sends what the client's window and our congestion window allow. */
    void pump() {
        if (phase != Phase.ESTABLISHED) {
            return;
        }
        while (!finSent && !finAcked) {
            int queued = queue.readableBytes();
            int unsent = queued - (nxt - una);
            int room = una + Math.min(sndWnd, cwnd) - nxt;
            if (unsent > 0) {
                int len = Math.min(Math.min(mss, unsent), room);
                if (len <= 0 || (len < mss && len < unsent && nxt != una)) {
                    break; // window full (no silly small segments while data is in flight)
                }
                boolean fin = eof && len == unsent;
                send(nxt, len, fin);
            } else if (eof) {
                send(nxt, 0, true);
            } else {
                break;
            }
        }
        if (timerAt == 0 && (nxt != una || queue.readableBytes() > 0)) {
            arm(); // retransmission, or the persist timer when the client's window is zero
        }
    }

    private void send(int seq, int len, boolean fin) {
        boolean fresh = seq + len - max > 0;
        if (fresh && !timing) {
            timing = true;
            rttSeq = seq + len;
            rttStart = host.nanoTime();
        }
        segment(seq, ACK | (fin ? FIN : 0) | (len > 0 && (fin || seq + len - una == queue.readableBytes()) ? PSH : 0),
                len, seq - una);
        nxt = seq + len;
        if (fin) {
            finSent = true;
            finSeqKnown = true;
            finSeq = nxt;
            nxt++;
        }
        if (nxt - max > 0) {
            max = nxt;
        }
        if (timerAt == 0) {
            arm();
        }
    }

    /** Resends the oldest unacknowledged segment (fast retransmit, partial ACK). */
    private void retransmitFirst() {
        int len = Math.min(mss, Math.min(queue.readableBytes(), max - una));
        boolean fin = finSent && una + len == finSeq;
        if (len > 0 || fin) {
            segment(una, ACK | (fin ? FIN : 0), len, 0);
        }
    }

    private void ack() {
        segment(nxt, ACK, 0, 0);
    }

    private void sendSynAck() {
        long options = 0x0204L << 48 | (long) mss << 32;
        int length = 4;
        if (scaling) {
            options |= 0x0103_0300L | WINDOW_SHIFT; // NOP, window scale
            length = 8;
        } else {
            options >>>= 32;
        }
        int window = Math.min(65535, window()); // a SYN's window is never scaled
        Segments.send(host, flow.dst(), flow.dstPort(), flow.client(), flow.clientPort(), iss, rcvNxt, SYN | ACK, window,
                options, length, null, 0, 0);
    }

    /** One segment with the current ACK and window; {@code len} bytes from the queue at {@code offset}. */
    private void segment(int seq, int flags, int len, int offset) {
        int window = window();
        int field = scaling ? window >>> WINDOW_SHIFT : window;
        int ackNo = (flags & ACK) != 0 ? rcvNxt : 0;
        Segments.send(host, flow.dst(), flow.dstPort(), flow.client(), flow.clientPort(), seq, ackNo, flags, field, 0, 0,
                queue, queue.readerIndex() + offset, len);
        if ((flags & ACK) != 0) {
            unacked = 0;
            ackQueued = false;
        }
    }

    /** Our receive window: what the socket side can take, at most {@link #RCV_WINDOW}; its right edge never moves back. */
    private int window() {
        int w = Math.max(0, Math.min(RCV_WINDOW, relay.room()));
        w = scaling ? w & ~((1 << WINDOW_SHIFT) - 1) : Math.min(65535, w);
        if (rcvNxt + w - rcvEdge > 0) {
            rcvEdge = rcvNxt + w;
        }
        return w;
    }

    // ---- timers ----

    private void arm() {
        timerAt = host.nanoTime() + rto;
    }

    private void sample(long rtt) {
        if (srtt < 0) {
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
    }

    private long computedRto() {
        if (srtt < 0) {
            return INITIAL_RTO;
        }
        return Math.min(MAX_RTO, Math.max(MIN_RTO, srtt + Math.max(TimeUnit.MILLISECONDS.toNanos(10), 4 * rttvar)));
    }

    /** Timers: retransmission and persist, idle timeout, TIME_WAIT's end. */
    void tick(long now, long idleNanos) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.TIME_WAIT) {
            if (now - closeAt >= 0) {
                end();
            }
            return;
        }
        if (now - last > idleNanos) {
            if (phase != Phase.CONNECTING) {
                segment(nxt, RST | ACK, 0, 0);
            }
            relay.reset();
            end();
            return;
        }
        if (timerAt == 0 || now - timerAt < 0) {
            return;
        }
        if (phase == Phase.ESTABLISHED && nxt == una && (sndWnd != 0 || queue.readableBytes() == 0)) {
            timerAt = 0; // nothing outstanding
            return;
        }
        if (++timeouts > MAX_TIMEOUTS) {
            segment(nxt, RST | ACK, 0, 0);
            relay.reset();
            end();
            return;
        }
        rto = Math.min(MAX_RTO, rto * 2);
        timing = false;
        if (phase == Phase.SYN_ACK_SENT) {
            sendSynAck();
        } else if (sndWnd == 0 && queue.readableBytes() > 0) {
            probing = true;
            if (nxt == una) {
                send(nxt, 1, false); // zero-window probe: one byte past the window
            } else {
                segment(una, ACK, 1, 0);
            }
        } else if (nxt != una) {
            ssthresh = Math.max((nxt - una) / 2, 2 * mss);
            cwnd = mss;
            recovery = false;
            dupAcks = 0;
            nxt = una; // go back: resend from the oldest unacknowledged byte
            finSent = false;
            pump();
        }
        timerAt = now + rto;
    }

    private void maybeFinished() {
        if (finReceived && finAcked && phase == Phase.ESTABLISHED) {
            phase = Phase.TIME_WAIT;
            closeAt = host.nanoTime() + TIME_WAIT;
            relay.close();
        }
    }

    /** Removes the flow (once): buffers released, the engine told. */
    void end() {
        if (phase == Phase.CLOSED) {
            return;
        }
        boolean socketOpen = phase != Phase.TIME_WAIT;
        phase = Phase.CLOSED;
        nat.queued -= queue.readableBytes();
        queue.release();
        held.forEach(h -> h.data().release());
        held.clear();
        if (socketOpen) {
            relay.close();
        }
        nat.removed(this);
    }
}
