package io.switchboard.queue;

import jakarta.inject.Singleton;

import java.util.List;

/** Queues executions durably; workers on every instance run them. */
@Singleton
public class ExecutionQueue {

    /**
     * Queues the items, each on its own: one refused item does not refuse the others. Returns one answer per item,
     * in order, once every queued item is committed. Blocks: call it from a worker or virtual thread.
     */
    public List<Enqueued> enqueue(List<QueueItem> items) {
        throw new UnsupportedOperationException("the execution queue is not built yet");
    }
}
