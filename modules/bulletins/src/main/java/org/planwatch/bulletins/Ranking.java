package org.planwatch.bulletins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.planwatch.bulletins.BulletinFigures.Punctuality;

/**
 * Departments ranked by how punctually they report, as the bulletin's last table prints
 * them.
 */
final class Ranking {

    private Ranking() {
    }

    /**
     * Share on cadence descending (a department with nothing judged last), then fewer red
     * initiatives, then name. Equal share and red share a rank and the next rank skips
     * (1, 1, 3): a tie is not decided by the alphabet.
     */
    static List<Punctuality> of(Collection<Tally> departments, Comparator<String> names) {
        List<Tally> sorted = new ArrayList<>(departments);
        sorted.sort(Comparator.comparing(Tally::share, Comparator.nullsLast(Comparator.<Double>reverseOrder()))
            .thenComparingLong(Tally::red)
            .thenComparing(Tally::name, names)
            .thenComparing(Tally::id));
        List<Punctuality> ranking = new ArrayList<>(sorted.size());
        Tally previous = null;
        int rank = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Tally t = sorted.get(i);
            if (previous == null || !Objects.equals(t.share(), previous.share()) || t.red() != previous.red()) {
                rank = i + 1;
            }
            ranking
                .add(new Punctuality(rank, t.id(), t.name(), t.judged(), t.onCadence(), t.share(), t.red(), t.total()));
            previous = t;
        }
        return List.copyOf(ranking);
    }

}
