package com.videorelay.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the sync's answers in as few statements as the load allows (group commit): a worker queues
 * its answer and takes the write lock; whoever holds it writes everything queued so far in one
 * statement, so while one batch is being written the next one gathers. A worker returns once its own
 * answer is written (or its batch failed), so it still knows whether it held the task to the end.
 * Under light load every batch holds one answer and nothing waits.
 */
final class AnswerBatches {

    private final SyncTaskRepository tasks;
    private final String instance;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    AnswerBatches(SyncTaskRepository tasks, String instance, int maxBatch) {
        this.tasks = tasks;
        this.instance = instance;
        this.maxBatch = maxBatch;
    }

    /** True if the answer was written; false if the task had meanwhile ended or its lease was lost. */
    boolean record(Answer answer) {
        Pending mine = new Pending(answer);
        queue.add(mine);
        writing.lock();
        try {
            while (!mine.done) {
                writeQueued();
            }
        } finally {
            writing.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.written;
    }

    /** Under the lock: the outcome fields are read only by threads that took the lock after this one. */
    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        try {
            Set<String> written = tasks.recordAnswers(batch.stream().map(Pending::answer).toList(), instance);
            for (Pending pending : batch) {
                pending.written = written.contains(pending.answer.taskId());
                pending.done = true;
            }
        } catch (RuntimeException failure) {
            // The whole statement failed: no answer of the batch was written, each lease runs out.
            for (Pending pending : batch) {
                pending.failure = failure;
                pending.done = true;
            }
        }
    }

    private static final class Pending {
        private final Answer answer;
        private boolean done;
        private boolean written;
        private RuntimeException failure;

        Pending(Answer answer) {
            this.answer = answer;
        }

        Answer answer() {
            return answer;
        }
    }
}
