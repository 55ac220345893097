package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.util.Comparator;

import org.planwatch.bulletins.BulletinFigures;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.publisher.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A bulletin's identity: its plan and its number (第N期) in that plan. Written
 * {@code <plan>:<N>} in links and as the topic's key; a bulletin of a deployment's
 * plan-less initiatives (made before plans) is {@code <N>}.
 */
record BulletinId(String plan, int number) {

    static final Comparator<BulletinId> ORDER = Comparator
        .comparing(BulletinId::plan, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparingInt(BulletinId::number);

    static BulletinId of(Bulletin bulletin) {
        return new BulletinId(bulletin.getPlan(), bulletin.getNumber());
    }

    /**
     * @throws ProblemException 404 for text that names no bulletin
     */
    static BulletinId parse(String text) {
        int colon = text.lastIndexOf(':');
        try {
            int number = Integer.parseInt(text.substring(colon + 1));
            String plan = colon < 0 ? null : text.substring(0, colon);
            if (number < 1 || plan != null && plan.isEmpty()) {
                throw unknown(text);
            }
            return new BulletinId(plan, number);
        }
        catch (NumberFormatException e) {
            throw unknown(text);
        }
    }

    @Override
    public String toString() {
        return BulletinFigures.id(plan, number);
    }

    static ProblemException unknown(Object id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No bulletin " + id);
        problem.setType(URI.create("/problems/unknown-bulletin"));
        problem.setTitle("Unknown bulletin");
        problem.setProperty("field", "id");
        return new ProblemException(problem);
    }

}
