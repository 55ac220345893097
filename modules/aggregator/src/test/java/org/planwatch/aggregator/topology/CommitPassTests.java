package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.planwatch.aggregator.AggregatorProperties;
import org.planwatch.aggregator.AggregatorProperties.Supervision;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeSlips;
import org.planwatch.events.avro.InitiativeState;

/**
 * The commit pass drives the task's commits (ADR 0001): it runs once in each slot of the
 * commit interval, with the status topic or without it, and requests a commit when the
 * task processed or sent something since its last one and no other task of its thread
 * asked for one in that slot. The processor alone, on a mock context that records both.
 */
class CommitPassTests {

    static final Duration INTERVAL = Duration.ofMillis(500);

    static final Duration CATCH_UP_INTERVAL = INTERVAL.multipliedBy(4);

    /** How often the pass's punctuator looks whether a new slot of the interval began. */
    static final Duration TICK = INTERVAL.dividedBy(10);

    MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();

    ProgressProcessor processor;

    /** The tasks of the thread that runs this test share its commits. */
    ThreadCommits commits = new ThreadCommits();

    /** The wall clock of the last pass. */
    long now;

    InitiativeView view = new InitiativeView();

    CommittedView shown = CommittedView.builder(ProgressTopology.VIEW_STORE).build();

    void start(boolean publishStatus) {
        start(publishStatus, Long.MAX_VALUE);
    }

    /**
     * {@code catchUpRecords}: from how many records since its last commit it catches up.
     */
    void start(boolean publishStatus, long catchUpRecords) {
        // A tenth into a slot of the interval, so a tick after a pass falls in its slot.
        context.setCurrentSystemTimeMs(
                System.currentTimeMillis() / INTERVAL.toMillis() * INTERVAL.toMillis() + TICK.toMillis());
        now = context.currentSystemTimeMs();
        processor = task(context, shown, publishStatus, catchUpRecords);
    }

    /** A task of the thread that runs this test: its processor on {@code context}. */
    ProgressProcessor task(MockProcessorContext<byte[], byte[]> context, CommittedView shown, boolean publishStatus,
            long catchUpRecords) {
        store(context, ProgressTopology.STATE_STORE, new AvroSerde<>(InitiativeState.class));
        store(context, ProgressTopology.CATALOG_STORE, new AvroSerde<>(Initiative.class));
        store(context, ProgressTopology.COUNTED_STORE, Serdes.ByteArray());
        store(context, ProgressTopology.SUPERSEDED_STORE, Serdes.String());
        store(context, ProgressTopology.DEAD_LETTER_STORE, Serdes.Long());
        store(context, ProgressTopology.ORPHAN_STORE, Serdes.ByteArray());
        store(context, ProgressTopology.SLIP_STORE, new AvroSerde<>(InitiativeSlips.class));
        store(context, ProgressTopology.STEP_STORE, Serdes.ByteArray());
        shown.init(context.getStateStoreContext(), shown);
        context.addStateStore(shown);
        Evaluator evaluator = new Evaluator(AggregatorProperties.Rules.defaults());
        Supervision supervision = Supervision.defaults();
        ProgressProcessor task = new ProgressProcessor(view, evaluator, Duration.ofMinutes(1), publishStatus,
                new SlipClock(supervision, new WorkingDays(evaluator.zone(), supervision.holidays())),
                new CommitCadence(INTERVAL, CATCH_UP_INTERVAL, catchUpRecords), commits);
        task.init(context);
        return task;
    }

    <V> void store(MockProcessorContext<byte[], byte[]> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores
            .keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    CapturedPunctuator pass() {
        return pass(context);
    }

    static CapturedPunctuator pass(MockProcessorContext<byte[], byte[]> context) {
        List<CapturedPunctuator> passes = context.scheduledPunctuators()
            .stream()
            .filter(p -> p.getInterval().equals(TICK))
            .toList();
        assertThat(passes).singleElement()
            .satisfies(p -> assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME));
        return passes.get(0);
    }

    /** A tick in the next slot of the interval. */
    void runPass() {
        now += INTERVAL.toMillis();
        runPass(now);
    }

    void runPass(long at) {
        context.resetCommit();
        context.resetForwards();
        pass().getPunctuator().punctuate(at);
    }

    void define(String id) {
        define(context, processor, id);
    }

    static void define(MockProcessorContext<byte[], byte[]> context, ProgressProcessor processor, String id) {
        context.setRecordMetadata(Topics.INITIATIVES.name(), 0, 0);
        processor.process(new Record<>(id.getBytes(StandardCharsets.UTF_8),
                AvroCodec.of(Initiative.class).encode(ProgressTopologyTests.initiative(id, "livelihood")),
                System.currentTimeMillis()));
    }

    @ParameterizedTest(name = "initiative-status published: {0}")
    @ValueSource(booleans = { true, false })
    void aCommitIsRequestedEveryIntervalInWhichTheTaskDidSomethingAndNoOtherwise(boolean publishStatus) {
        start(publishStatus);
        runPass(); // the first pass publishes everything the task owns: nothing yet

        runPass();
        assertThat(context.committed()).as("nothing processed").isFalse();

        define("relief-campaigns");
        runPass();
        assertThat(context.committed()).isTrue();
        assertThat(context.forwarded()).hasSize(publishStatus ? 1 : 0);

        runPass();
        assertThat(context.committed()).as("nothing since the last commit").isFalse();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aTaskCatchingUpRequestsACommitOncePerLongerInterval() {
        start(true, 3);
        long start = context.currentSystemTimeMs();
        define("heating");
        runPass(start + 500);
        assertThat(context.committed()).as("one record: live").isTrue();
        define("relief-campaigns");
        define("elderly-canteens");
        define("old-estates");
        for (long at = start + 1000; at < start + 500 + CATCH_UP_INTERVAL.toMillis(); at += 500) {
            runPass(at);
            assertThat(context.committed()).as("catching up, %d ms after the last commit", at - start - 500).isFalse();
            assertThat(context.forwarded()).isEmpty();
        }
        runPass(start + 500 + CATCH_UP_INTERVAL.toMillis());
        assertThat(context.committed()).as("the longer interval ended").isTrue();
        assertThat(context.forwarded()).as("a status each").hasSize(3);

        define("old-markets");
        runPass(start + 1000 + CATCH_UP_INTERVAL.toMillis());
        assertThat(context.committed()).as("one record: live again, at the next pass").isTrue();
    }

    /**
     * A task reading a backlog beside a live one on the same thread still passes once per
     * catch-up interval, though the live one has the thread commit in every slot.
     */
    @Test
    void aTaskCatchingUpBesideALiveOnePassesOncePerLongerInterval() {
        start(true, 3);
        MockProcessorContext<byte[], byte[]> liveContext = new MockProcessorContext<>();
        liveContext.setCurrentSystemTimeMs(now);
        ProgressProcessor live = task(liveContext, CommittedView.builder(ProgressTopology.VIEW_STORE).build(), true, 3);
        long start = now;
        define("relief-campaigns");
        define("elderly-canteens");
        define("old-estates");
        for (int slot = 1; now + INTERVAL.toMillis() - start < CATCH_UP_INTERVAL.toMillis(); slot++) {
            define(liveContext, live, "live-" + slot);
            liveContext.resetCommit();
            pass(liveContext).getPunctuator().punctuate(now + INTERVAL.toMillis());
            assertThat(liveContext.committed()).as("the live task, slot %d", slot).isTrue();
            runPass();
            assertThat(context.forwarded()).as("catching up, %d ms after its last pass", now - start).isEmpty();
        }
        define(liveContext, live, "live-last");
        pass(liveContext).getPunctuator().punctuate(now + INTERVAL.toMillis());
        runPass();
        assertThat(now - start).isEqualTo(CATCH_UP_INTERVAL.toMillis());
        assertThat(context.forwarded()).as("the longer interval ended: a status each").hasSize(3);
    }

    @Test
    void aPassWaitsForTheNextSlotOfTheInterval() {
        start(true);
        define("relief-campaigns");
        long slotStart = (now / INTERVAL.toMillis() + 1) * INTERVAL.toMillis();
        runPass(slotStart - 1);
        runPass(slotStart);
        assertThat(context.committed()).as("a new slot").isTrue();
        define("elderly-canteens");
        runPass(slotStart + INTERVAL.toMillis() - 1);
        assertThat(context.committed()).as("the same slot").isFalse();
        runPass(slotStart + INTERVAL.toMillis());
        assertThat(context.committed()).as("the next").isTrue();
    }

    /**
     * One task's request commits every task of its thread (Streams' TaskManager): the
     * thread's tasks ask for one commit per slot between them, not one each.
     */
    @Test
    void theTasksOfAThreadAskForOneCommitPerSlot() {
        start(true);
        MockProcessorContext<byte[], byte[]> otherContext = new MockProcessorContext<>();
        otherContext.setCurrentSystemTimeMs(now);
        ProgressProcessor other = task(otherContext, CommittedView.builder(ProgressTopology.VIEW_STORE).build(), true,
                Long.MAX_VALUE);
        define("relief-campaigns");
        define(otherContext, other, "elderly-canteens");

        runPass();
        otherContext.resetCommit();
        otherContext.resetForwards();
        pass(otherContext).getPunctuator().punctuate(now + TICK.toMillis());
        assertThat(context.committed()).as("the first task to pass in the slot").isTrue();
        assertThat(otherContext.committed()).as("a commit of the thread was asked for in this slot").isFalse();
        assertThat(otherContext.forwarded()).as("its statuses still go out, in the thread's transaction").hasSize(1);

        define("old-estates");
        otherContext.resetCommit();
        pass(otherContext).getPunctuator().punctuate(now + INTERVAL.toMillis());
        runPass();
        assertThat(otherContext.committed()).as("first in the next slot").isTrue();
        assertThat(context.committed()).as("the other's request commits this task's change too").isFalse();
    }

    @Test
    void aChangeReachesTheViewOnlyOnceItsCommitHappened() {
        start(true);
        runPass();
        define("relief-campaigns");
        assertThat(view.get("relief-campaigns")).as("processed, not committed").isEmpty();

        runPass();
        assertThat(context.committed()).isTrue();
        assertThat(view.get("relief-campaigns")).as("a commit requested, not done").isEmpty();
        shown.flushCache(); // Streams' prepareCommit, right before it commits
        assertThat(view.get("relief-campaigns")).as("in the transaction, not yet committed").isEmpty();

        // Streams processes again only after the commit succeeded.
        define("elderly-canteens");
        assertThat(view.get("relief-campaigns")).as("committed").isPresent();
        assertThat(view.get("elderly-canteens")).as("processed since").isEmpty();
        assertThat(view.programTotals()).containsOnlyKeys("livelihood")
            .hasEntrySatisfying("livelihood", totals -> assertThat(totals.initiatives()).isEqualTo(1));
    }

    @Test
    void whatAFailedCommitHeldIsNeverShown() {
        start(true);
        runPass();
        define("relief-campaigns");
        runPass();
        shown.flushCache();
        // The commit fails: Streams closes the task, then wipes and restores its stores.
        processor.close();
        shown.publish(); // whatever Streams calls after, a checkpoint included
        assertThat(view.get("relief-campaigns")).isEmpty();
        assertThat(view.all()).isEmpty();
        shown.clearCache();
        shown.close();
        assertThat(shown.waiting()).isZero();
    }

}
