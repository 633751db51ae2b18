package io.colorcache.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link PooledResponseBody} relies on in Quarkus and Vert.x, so an upgrade that changes
 * it fails here instead of quietly costing a copy or leaking pooled memory.
 */
class PooledResponseBodyTest {

    private final byte[] image = "not really a JPEG, but bytes all the same".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theBodyIsOnePooledDirectCopyThatNettyGetsAsItIs() {
        Buffer body = PooledResponseBody.of(image, 0, image.length);
        ByteBuf handedToNetty = body.getByteBuf();
        assertThat(handedToNetty.isDirect()).isTrue();
        assertThat(handedToNetty.alloc().isDirectBufferPooled()).as("from the pooled allocator").isTrue();
        assertThat(body.getByteBuf()).as("the same buffer each time, not a copy").isSameAs(handedToNetty);
        assertThat(handedToNetty.refCnt()).as("one reference, which the write releases").isEqualTo(1);
        assertThat(body.getBytes()).isEqualTo(image);
        handedToNetty.release();
        assertThat(handedToNetty.refCnt()).isZero();
    }

    @Test
    void vertxsOwnWrappingWouldNeverGiveThePooledBufferBack() {
        ByteBuf direct = PooledResponseBody.of(image, 0, image.length).getByteBuf();
        ByteBuf wrapped = Buffer.buffer(direct).getByteBuf();
        wrapped.release();
        assertThat(direct.refCnt()).as("releasing what Netty would get leaves the pooled buffer held").isEqualTo(1);
        direct.release();
    }
}
