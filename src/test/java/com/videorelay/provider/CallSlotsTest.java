package com.videorelay.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallSlotsTest {

    @Test
    void theSyncLeavesTheReserveToClientsAndEverySlotComesBackOnceHoweverOftenItIsClosed() {
        CallSlots slots = new CallSlots(4, 1);
        List<CallSlots.Slot> sync = new ArrayList<>();
        for (Optional<CallSlots.Slot> slot = slots.tryAcquireForSync(); slot.isPresent(); slot = slots.tryAcquireForSync()) {
            sync.add(slot.get());
        }
        assertThat(sync).hasSize(3);
        Optional<CallSlots.Slot> client = slots.acquire(Duration.ZERO);
        assertThat(client).isPresent();
        assertThat(slots.acquire(Duration.ofMillis(10))).isEmpty();

        client.get().close();
        client.get().close();
        sync.forEach(CallSlots.Slot::close);
        sync.forEach(CallSlots.Slot::close);

        assertThat(slots.available()).isEqualTo(4);
    }
}
