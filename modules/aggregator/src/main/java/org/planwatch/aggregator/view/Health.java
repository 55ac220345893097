package org.planwatch.aggregator.view;

import java.util.Locale;

/** The computed health of an initiative. Label values are the lower-case names. */
public enum Health {

    NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

}
