package org.planwatch.bulletins;

import org.planwatch.bulletins.BulletinFigures.Group;
import org.planwatch.events.avro.BulletinItem;

/**
 * Counts of one program's or department's initiatives, added up in a single pass over the
 * bulletin.
 */
final class Tally {

    private final String id;

    private final String name;

    private long total;

    private long green;

    private long yellow;

    private long red;

    private long completed;

    private long notStarted;

    private long overdue;

    private long stalled;

    private long silent;

    private long judged;

    private long onCadence;

    Tally(String id, String name) {
        this.id = id;
        this.name = name;
    }

    void add(BulletinItem item) {
        total++;
        switch (item.getHealth()) {
            case ON_TRACK -> green++;
            case AT_RISK -> yellow++;
            case OFF_TRACK -> red++;
            case COMPLETED -> completed++;
            case NOT_STARTED -> notStarted++;
        }
        overdue += item.getOverdue() ? 1 : 0;
        stalled += item.getStalled() ? 1 : 0;
        silent += item.getSilent() ? 1 : 0;
        judged += item.getReportsJudged();
        onCadence += item.getReportsOnCadence();
    }

    Group group() {
        return new Group(id, name, total, green, yellow, red, completed, notStarted, overdue, stalled, silent);
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    long total() {
        return total;
    }

    long red() {
        return red;
    }

    long judged() {
        return judged;
    }

    long onCadence() {
        return onCadence;
    }

    /**
     * On-cadence reports over judged ones; null when none was judged, which is not the
     * same as 0 %.
     */
    Double share() {
        return judged == 0 ? null : (double) onCadence / judged;
    }

}
