package io.colorcache.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class RedisUnavailabilityTest {

    @Test
    void aRedisThatIsDownRestartingOrFailingOverIsUnavailable() {
        assertThat(RedisUnavailability.causedBy(new ConnectException("Connection refused: /127.0.0.1:6379"))).isTrue();
        assertThat(RedisUnavailability.causedBy(new NoStackTraceThrowable("Connection is closed"))).isTrue();
        assertThat(RedisUnavailability.causedBy(new IllegalStateException("CONNECTION_CLOSED"))).isTrue();
        assertThat(RedisUnavailability.causedBy(new IOException("Connection reset by peer"))).isTrue();
        assertThat(RedisUnavailability.causedBy(new ClosedChannelException())).isTrue();
        assertThat(RedisUnavailability.causedBy(
                new IllegalStateException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisUnavailability.causedBy(
                new IllegalStateException("READONLY You can't write against a read only replica."))).isTrue();
        assertThat(RedisUnavailability.causedBy(
                new RuntimeException("wrapped", new ConnectException("refused")))).isTrue();
    }

    @Test
    void aBugIsNotMistakenForAnOutage() {
        assertThat(RedisUnavailability.causedBy(new NullPointerException())).isFalse();
        assertThat(RedisUnavailability.causedBy(
                new IllegalStateException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisUnavailability.causedBy(
                new IllegalArgumentException("the LOADING of the photo failed"))).isFalse();
    }
}
