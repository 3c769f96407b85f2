package org.ethervpn.admin.rpc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackException;
import org.ethervpn.pack.PackLimits;
import org.osgi.service.log.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;

/**
 * One admin connection after login: each frame ({@code u32 length ‖ PACK}, cut by the frame
 * decoder before this handler) is one call. Calls run one at a time on the endpoint's admin thread
 * (like SoftEther's global admin lock, and because a call may save the configuration to disk) and
 * the answer goes back framed the same way. Reading pauses while a call runs, so a client that
 * pipelines cannot queue unbounded work. A frame whose PACK does not parse or is past the PACK
 * limits (too many values, say) is answered with error 38 and the connection goes on: the framing is
 * intact, so the client learns what was wrong (SoftEther would drop it). A frame past
 * {@link RpcEndpoint#MAX_REQUEST} closes the connection: its bytes are not read.
 */
final class RpcHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Dispatcher dispatcher;
    private final AdminCaller caller;
    private final ExecutorService adminThread;
    private final Logger log;

    RpcHandler(Dispatcher dispatcher, AdminCaller caller, ExecutorService adminThread, Logger log) {
        this.dispatcher = dispatcher;
        this.caller = caller;
        this.adminThread = adminThread;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ctx.read();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        Pack request;
        try {
            request = PackCodec.decode(frame.nioBuffer(), PackLimits.DEFAULT);
        } catch (PackException e) {
            log.info("Admin call from {} refused: malformed PACK: {}", caller.from(), e.getMessage());
            answer(ctx, Dispatcher.error(AdminError.INVALID_PARAMETER.code()));
            return;
        }
        try {
            adminThread.execute(() -> answer(ctx, dispatcher.dispatch(request, caller)));
        } catch (RejectedExecutionException e) {
            ctx.close(); // the endpoint is going away
        }
    }

    private void answer(ChannelHandlerContext ctx, Pack answer) {
        byte[] bytes = PackCodec.encode(answer);
        ByteBuf out = Unpooled.buffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
        ctx.writeAndFlush(out).addListener(f -> {
            if (f.isSuccess()) {
                ctx.read(); // the next call
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.info("Admin connection from {} closed", caller.from());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof TooLongFrameException ? "request larger than the limit" : String.valueOf(cause.getMessage());
        log.info("Admin connection from {} closed: {}", caller.from(), why);
        ctx.close();
    }
}
