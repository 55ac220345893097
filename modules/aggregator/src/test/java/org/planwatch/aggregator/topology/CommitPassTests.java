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
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.InitiativeSlips;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.RollupUpdate;

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
        store(context, ProgressTopology.STATE_STORE, DecodedStates.serde());
        store(context, ProgressTopology.CATALOG_STORE, new AvroSerde<>(Initiative.class));
        CountedEvents counted = CountedEvents
            .builder(Stores.inMemoryKeyValueStore(ProgressTopology.COUNTED_STORE), 1_000)
            .withLoggingDisabled()
            .build();
        counted.init(context.getStateStoreContext(), counted);
        context.addStateStore(counted);
        store(context, ProgressTopology.EVENT_KEYED_COUNTED_STORE, Serdes.ByteArray());
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

    /**
     * The statuses among what was forwarded (a task also forwards, in its pass, the
     * alerts of what it judges then).
     */
    static List<MockProcessorContext.CapturedForward<? extends byte[], ? extends byte[]>> statuses(
            MockProcessorContext<byte[], byte[]> context) {
        return context.forwarded()
            .stream()
            .filter(f -> Topics.INITIATIVE_STATUS.name()
                .equals(new String(f.record().headers().lastHeader(ProgressProcessor.DESTINATION).value(),
                        StandardCharsets.UTF_8)))
            .toList();
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
        assertThat(statuses(context)).hasSize(publishStatus ? 1 : 0);

        runPass();
        assertThat(context.committed()).as("nothing since the last commit").isFalse();
        assertThat(context.forwarded()).isEmpty();
    }

    /**
     * The start of a slot of the catch-up interval (counted from the epoch) at least one
     * whole such slot after the test's clock.
     */
    long catchUpSlotAhead() {
        return (now / CATCH_UP_INTERVAL.toMillis() + 2) * CATCH_UP_INTERVAL.toMillis();
    }

    @Test
    void aTaskCatchingUpRequestsACommitOncePerSlotOfTheLongerInterval() {
        start(true, 3);
        long slot = catchUpSlotAhead();
        define("heating");
        runPass(slot - CATCH_UP_INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("one record: live").isTrue();
        define("relief-campaigns");
        define("elderly-canteens");
        define("old-estates");
        for (long at = slot - CATCH_UP_INTERVAL.toMillis() + INTERVAL.toMillis()
                + TICK.toMillis(); at < slot; at += INTERVAL.toMillis()) {
            runPass(at);
            assertThat(context.committed()).as("catching up, %d ms before the next slot", slot - at).isFalse();
            assertThat(context.forwarded()).isEmpty();
        }
        runPass(slot + TICK.toMillis());
        assertThat(context.committed()).as("the slot of the longer interval ended").isTrue();
        assertThat(statuses(context)).as("a status each").hasSize(3);

        define("old-markets");
        runPass(slot + INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("three records over the whole slot: live again, at the next pass").isTrue();
    }

    /**
     * A task reading a backlog slowly (a cold JVM, or each commit writing every state it
     * changed) counts fewer records per slot than the rate: that the reports it counts
     * were written longer than a catch-up interval before says it is behind.
     */
    @Test
    void aTaskCountingReportsWrittenLongerThanACatchUpIntervalAgoCatchesUpHoweverFew() {
        start(true, 1_000);
        long slot = catchUpSlotAhead();
        runPass(slot - CATCH_UP_INTERVAL.toMillis() - INTERVAL.toMillis() + TICK.toMillis());
        define("relief-campaigns");
        long at = slot - CATCH_UP_INTERVAL.toMillis() + TICK.toMillis();
        runPass(at);
        assertThat(context.committed()).as("a definition: live").isTrue();

        report("relief-campaigns", "fresh", at + INTERVAL.toMillis() / 2);
        at += INTERVAL.toMillis();
        runPass(at);
        assertThat(context.committed()).as("one report written half an interval before: live").isTrue();

        report("relief-campaigns", "old", at - CATCH_UP_INTERVAL.toMillis() - 1);
        runPass(at + INTERVAL.toMillis());
        assertThat(context.committed()).as("one report written longer than a catch-up interval before: behind")
            .isFalse();
        runPass(slot + TICK.toMillis());
        assertThat(context.committed()).as("the slot of the longer interval ended").isTrue();
    }

    /** A report counted from a record written (stamped) at {@code writtenAt}. */
    void report(String id, String eventId, long writtenAt) {
        context.setRecordMetadata("progress.livelihood", 0, 1);
        processor.process(
                new Record<>(id.getBytes(StandardCharsets.UTF_8),
                        AvroCodec.of(ProgressEvent.class)
                            .encode(ProgressTopologyTests.event(eventId, id, ProgressTopologyTests.T0, 10.0)),
                        writtenAt));
    }

    /**
     * Polls feed a thread's tasks in bursts: a task reading a backlog may count few
     * records in one slot of the interval and many in the next. It stays catching up
     * until a whole slot of the catch-up interval reads below the rate, since each commit
     * it asked for would write every changed state of every task of its thread.
     */
    @Test
    void aTaskReadingABacklogInBurstsStaysCatchingUpUntilASlotReadsBelowTheRate() {
        start(true, 3);
        long slot = catchUpSlotAhead();
        runPass(slot - CATCH_UP_INTERVAL.toMillis() - INTERVAL.toMillis() + TICK.toMillis());
        for (int i = 0; i < 3; i++) {
            define("backlog-" + i);
        }
        runPass(slot - CATCH_UP_INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("three records in one slot: a new slot of the longer interval").isTrue();

        // Bursts: one record (below the rate of three per slot), five, six: twelve over
        // the
        // longer slot, its rate.
        int[] bursts = { 1, 5, 6 };
        int defined = 3;
        long at = slot - CATCH_UP_INTERVAL.toMillis() + INTERVAL.toMillis() + TICK.toMillis();
        for (int burst : bursts) {
            for (int i = 0; i < burst; i++) {
                define("backlog-" + defined++);
            }
            runPass(at);
            assertThat(context.committed()).as("still catching up, %d records in this slot", burst).isFalse();
            at += INTERVAL.toMillis();
        }
        assertThat(at).isEqualTo(slot + TICK.toMillis());
        runPass(at);
        assertThat(context.committed()).as("the slot of the longer interval ended").isTrue();

        define("late");
        runPass(slot + INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("it read at the rate: still catching up").isFalse();
        runPass(slot + CATCH_UP_INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("a whole slot below the rate").isTrue();
        define("live");
        runPass(slot + CATCH_UP_INTERVAL.toMillis() + INTERVAL.toMillis() + TICK.toMillis());
        assertThat(context.committed()).as("live again").isTrue();
    }

    /**
     * The tasks of a thread that catch up pass at the first tick of the same slot of the
     * longer interval, so the thread commits once per slot for all of them, whatever slot
     * each began to catch up in.
     */
    @Test
    void theTasksOfAThreadCatchingUpAskForOneCommitPerSlotOfTheLongerInterval() {
        start(true, 3);
        MockProcessorContext<byte[], byte[]> otherContext = new MockProcessorContext<>();
        otherContext.setCurrentSystemTimeMs(now);
        ProgressProcessor other = task(otherContext, CommittedView.builder(ProgressTopology.VIEW_STORE).build(), true,
                3);
        long slot = catchUpSlotAhead();
        long first = slot - CATCH_UP_INTERVAL.toMillis() + TICK.toMillis();
        runPass(first);
        otherContext.resetCommit();
        pass(otherContext).getPunctuator().punctuate(first);
        for (int i = 0; i < 3; i++) {
            define("backlog-" + i);
        }
        runPass(first + INTERVAL.toMillis());
        assertThat(context.committed()).as("it began to catch up").isFalse();
        pass(otherContext).getPunctuator().punctuate(first + INTERVAL.toMillis());
        for (int i = 0; i < 3; i++) {
            define(otherContext, other, "other-" + i);
        }
        otherContext.resetCommit();
        pass(otherContext).getPunctuator().punctuate(first + 2 * INTERVAL.toMillis());
        assertThat(otherContext.committed()).as("the other began to catch up a slot later").isFalse();

        for (int i = 0; i < 12; i++) {
            define("more-" + i);
            define(otherContext, other, "other-more-" + i);
        }
        runPass(slot + TICK.toMillis());
        otherContext.resetCommit();
        otherContext.resetForwards();
        pass(otherContext).getPunctuator().punctuate(slot + TICK.toMillis() + 1);
        assertThat(context.committed()).as("the first to pass in the new slot").isTrue();
        assertThat(otherContext.committed()).as("the thread's commit in this slot was asked for").isFalse();
        assertThat(otherContext.forwarded()).as("but it passed: its statuses go in that commit").isNotEmpty();
    }

    /**
     * A task reading a backlog beside a live one on the same thread still passes once per
     * slot of the catch-up interval, though the live one has the thread commit in every
     * slot of the interval.
     */
    @Test
    void aTaskCatchingUpBesideALiveOnePassesOncePerSlotOfTheLongerInterval() {
        start(true, 3);
        MockProcessorContext<byte[], byte[]> liveContext = new MockProcessorContext<>();
        liveContext.setCurrentSystemTimeMs(now);
        ProgressProcessor live = task(liveContext, CommittedView.builder(ProgressTopology.VIEW_STORE).build(), true, 3);
        long slot = catchUpSlotAhead();
        runPass(slot - CATCH_UP_INTERVAL.toMillis() - INTERVAL.toMillis() + TICK.toMillis());
        define("relief-campaigns");
        define("elderly-canteens");
        define("old-estates");
        runPass(slot - CATCH_UP_INTERVAL.toMillis() + TICK.toMillis());
        assertThat(statuses(context)).as("a new slot of the longer interval: it passed").hasSize(3);
        for (int i = 0; i < 12; i++) {
            define("backlog-" + i);
        }
        for (long at = slot - CATCH_UP_INTERVAL.toMillis() + INTERVAL.toMillis(); at < slot; at += INTERVAL
            .toMillis()) {
            define(liveContext, live, "live-" + at);
            liveContext.resetCommit();
            pass(liveContext).getPunctuator().punctuate(at);
            assertThat(liveContext.committed()).as("the live task, %d ms before the slot", slot - at).isTrue();
            runPass(at + TICK.toMillis());
            assertThat(context.forwarded()).as("catching up, %d ms before the slot", slot - at).isEmpty();
        }
        define(liveContext, live, "live-last");
        pass(liveContext).getPunctuator().punctuate(slot);
        runPass(slot + TICK.toMillis());
        assertThat(statuses(context)).as("the slot of the longer interval ended: a status each").hasSize(12);
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
        assertThat(statuses(otherContext)).as("its statuses still go out, in the thread's transaction").hasSize(1);

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

    @Test
    void whatChangesBetweenTwoCommitsIsJudgedOnceRightBeforeTheSecond() {
        start(true);
        runPass();
        byte[] key = "relief-campaigns".getBytes(StandardCharsets.UTF_8);
        context.setRecordMetadata(Topics.INITIATIVES.name(), 0, 0);
        processor.process(new Record<>(key,
                AvroCodec.of(Initiative.class)
                    .encode(Initiative.newBuilder(ProgressTopologyTests.initiative("relief-campaigns", "livelihood"))
                        .setParentId("livelihood-plan")
                        .setWeight(1.0)
                        .build()),
                now));
        shown.flushCache();
        context.resetForwards();
        KeyValueStore<String, InitiativeState> states = context.getStateStore(ProgressTopology.STATE_STORE);

        context.setRecordMetadata("progress.livelihood", 0, 1);
        for (int i = 1; i <= 5; i++) {
            processor.process(new Record<>(key,
                    AvroCodec.of(ProgressEvent.class)
                        .encode(ProgressTopologyTests.event("e" + i, "relief-campaigns",
                                ProgressTopologyTests.T0.plusSeconds(i), 10.0 * i)),
                    now));
        }
        assertThat(context.forwarded()).as("nothing judged between the commits").isEmpty();
        assertThat(states.get("relief-campaigns").getEventsCounted()).as("nor written").isZero();

        shown.flushCache(); // Streams' prepareCommit, right before it commits
        assertThat(context.forwarded()).as("one rollup to the parent, with the last progress")
            .map(f -> AvroCodec.of(RollupUpdate.class).decode(f.record().value()))
            .singleElement()
            .satisfies(rollup -> assertThat(rollup.getProgress()).isEqualTo(0.5));
        assertThat(states.get("relief-campaigns").getEventsCounted()).as("written in the commit").isEqualTo(5);
        shown.publish(); // after the commit
        assertThat(view.get("relief-campaigns").orElseThrow().state().getEventsCounted()).isEqualTo(5);
    }

}
