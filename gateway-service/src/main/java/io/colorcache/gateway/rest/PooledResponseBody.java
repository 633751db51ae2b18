package io.colorcache.gateway.rest;

import io.netty.buffer.ByteBuf;
import io.quarkus.vertx.utils.NoBoundChecksBuffer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;

/**
 * The one place the answer path touches Quarkus and Vert.x internals (pinned by
 * {@code PooledResponseBodyTest}): each chunk of an image answer is copied once into a pooled direct buffer,
 * and Quarkus's {@code NoBoundChecksBuffer} hands that very buffer to Netty, which releases it
 * once written. {@code Buffer.buffer(ByteBuf)} would not: Vert.x wraps the buffer as
 * unreleasable, so the pooled memory would never be given back.
 */
final class PooledResponseBody {

    private PooledResponseBody() {
    }

    /**
     * A response body holding a copy of {@code length} bytes from {@code offset} (one chunk of an
     * answer) in a pooled direct buffer; writing it releases it.
     */
    static Buffer of(byte[] bytes, int offset, int length) {
        ByteBuf direct = VertxByteBufAllocator.POOLED_ALLOCATOR.directBuffer(length).writeBytes(bytes, offset, length);
        return new NoBoundChecksBuffer(direct);
    }
}
