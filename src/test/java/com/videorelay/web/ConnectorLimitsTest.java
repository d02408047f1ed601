package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Many clients at once must not exhaust the heap (bench/connections.sh): requests run at most
 * {@code videorelay.http.max-concurrent-requests} at a time, the rest queue; connection buffers are
 * off the heap.
 */
class ConnectorLimitsTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theRunningServerUsesTheBoundedExecutorAndDirectSocketBuffers() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProtocolHandler().getExecutor()).isInstanceOfSatisfying(
                BoundedVirtualThreadExecutor.class, executor -> assertThat(executor.maxConcurrent()).isEqualTo(500));
        assertThat(String.valueOf(connector.getProperty("socket.directBuffer"))).isEqualTo("true");
    }

    @Test
    void withPlatformThreadsTomcatKeepsItsOwnPoolAndStillGetsDirectBuffers() {
        TomcatServletWebServerFactory platform = new TomcatServletWebServerFactory();
        new ConnectorConfig.BoundedConnectionCosts(500, false).customize(platform);
        TomcatServletWebServerFactory virtual = new TomcatServletWebServerFactory();
        new ConnectorConfig.BoundedConnectionCosts(500, true).customize(virtual);

        assertThat(platform.getProtocolHandlerCustomizers()).isEmpty();
        assertThat(platform.getConnectorCustomizers()).hasSize(1);
        assertThat(virtual.getProtocolHandlerCustomizers()).hasSize(1);
    }

    @Test
    void beyondTheMaximumTasksWaitAndStartInOrderOfArrivalAsOthersFinish() throws Exception {
        BoundedVirtualThreadExecutor executor = new BoundedVirtualThreadExecutor(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTwo = new CountDownLatch(2);
        CountDownLatch all = new CountDownLatch(4);
        List<Integer> started = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int task = i;
            executor.execute(() -> {
                started.add(task);
                firstTwo.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                all.countDown();
            });
        }
        assertThat(firstTwo.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(executor.running()).isEqualTo(2);
        assertThat(executor.waiting()).isEqualTo(2);
        assertThat(started).containsExactlyInAnyOrder(1, 2);

        release.countDown();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(started).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(started.subList(2, 4)).containsExactly(3, 4);
        assertThat(executor.waiting()).isZero();
    }

    @Test
    void eachTaskRunsOnItsOwnVirtualThreadAndFreesItsPlace() throws Exception {
        BoundedVirtualThreadExecutor executor = new BoundedVirtualThreadExecutor(1);
        AtomicInteger virtual = new AtomicInteger();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            CountDownLatch done = new CountDownLatch(1);
            executor.execute(() -> {
                threads.add(Thread.currentThread());
                virtual.addAndGet(Thread.currentThread().isVirtual() ? 1 : 0);
                done.countDown();
            });
            // With room for one, the next task only runs once this one has given its place back.
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        for (int spin = 0; spin < 10_000 && executor.running() > 0; spin++) {
            Thread.sleep(1);
        }

        assertThat(virtual).hasValue(20);
        assertThat(threads).doesNotHaveDuplicates();
        assertThat(executor.running()).isZero();
    }
}
