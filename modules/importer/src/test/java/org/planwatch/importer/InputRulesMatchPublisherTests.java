package org.planwatch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.sheets.InputRules;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sheets module copies the publisher's input rules (it must not depend on the
 * publisher); this test is what keeps the copy true. If the publisher changes a rule,
 * this fails until {@link InputRules} follows, so a file that passes {@code --dry-run}
 * stays a file the publisher takes.
 */
class InputRulesMatchPublisherTests {

    static Object constant(String className, String name) throws Exception {
        Field field = Class.forName(className).getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    static String pattern(Object pattern) {
        return ((Pattern) pattern).pattern();
    }

    @Test
    void eventRulesAreThePublishers() throws Exception {
        String mapper = "org.planwatch.publisher.report.EventMapper";
        assertThat(InputRules.EVENT_ID.pattern()).isEqualTo(pattern(constant(mapper, "EVENT_ID")));
        assertThat(InputRules.MAX_NOTE).isEqualTo(constant(mapper, "MAX_NOTE"));
        assertThat(InputRules.MAX_REPORTED_BY).isEqualTo(constant(mapper, "MAX_REPORTED_BY"));
        assertThat(InputRules.EARLIEST_REPORT).isEqualTo(constant(mapper, "EARLIEST"));
    }

    @Test
    void catalogRulesAreThePublishers() throws Exception {
        String mapper = "org.planwatch.publisher.catalog.CatalogMapper";
        assertThat(InputRules.ID.pattern()).isEqualTo(pattern(constant(mapper, "ID")));
        assertThat(InputRules.SHORT_ID.pattern()).isEqualTo(pattern(constant(mapper, "SHORT_ID")));
        assertThat(InputRules.MAX_NAME).isEqualTo(constant(mapper, "MAX_NAME"));
        assertThat(InputRules.MAX_DESCRIPTION).isEqualTo(constant(mapper, "MAX_DESCRIPTION"));
        assertThat(InputRules.EARLIEST_DATE).isEqualTo(constant(mapper, "EARLIEST_DATE"));
        assertThat(InputRules.LATEST_DATE).isEqualTo(constant(mapper, "LATEST_DATE"));
        assertThat(InputRules.PROGRAM_ID.pattern()).isEqualTo(Topics.PROGRAM_ID.pattern());
    }

    @Test
    void theFutureSkewIsThePublishersDefault() {
        RecordComponent[] components = PublisherProperties.class.getRecordComponents();
        Constructor<?> canonical = PublisherProperties.class.getDeclaredConstructors()[0];
        int index = Arrays.asList(components)
            .indexOf(Arrays.stream(components)
                .filter(c -> c.getName().equals("maxFutureSkew"))
                .findFirst()
                .orElseThrow());
        String skew = canonical.getParameters()[index].getAnnotation(DefaultValue.class).value()[0];
        assertThat(skew).isEqualTo("1d");
        assertThat(InputRules.MAX_FUTURE_SKEW).hasDays(1);
    }

}
