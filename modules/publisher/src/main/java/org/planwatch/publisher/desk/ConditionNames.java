package org.planwatch.publisher.desk;

import java.util.Locale;
import java.util.Map;

import org.planwatch.events.avro.StatusCondition;

/** The Chinese name of each condition an initiative can be in, as every page shows it. */
public final class ConditionNames {

    private static final Map<StatusCondition, String> NAMES = Map.of(StatusCondition.OVERDUE, "逾期未完成",
            StatusCondition.OFF_TRACK, "严重滞后", StatusCondition.STALLED, "停滞", StatusCondition.SILENT, "逾期未报",
            StatusCondition.AT_RISK, "有风险", StatusCondition.FORECAST_LATE, "预计延期", StatusCondition.DIVERGENT,
            "自报与研判不符");

    private ConditionNames() {
    }

    public static String of(StatusCondition condition) {
        return NAMES.get(condition);
    }

    /**
     * @param symbol a StatusCondition symbol in any case; returned as it is when it names
     * none
     */
    public static String of(String symbol) {
        for (StatusCondition condition : StatusCondition.values()) {
            if (condition.name().equalsIgnoreCase(symbol)) {
                return NAMES.get(condition);
            }
        }
        return symbol;
    }

    static String lower(StatusCondition condition) {
        return condition.name().toLowerCase(Locale.ROOT);
    }

}
