package org.planwatch.publisher.bulletin;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code planwatch.bulletins.*}: supervision bulletins (督查通报).
 *
 * @param schedule when a draft is generated, a Spring cron in the plan's zone
 * ({@code planwatch.web.zone}); "-" for never
 * @param fonts TrueType CJK fonts to embed in the PDF, the first found wins; empty for
 * Debian's usual paths
 */
@ConfigurationProperties("planwatch.bulletins")
public record BulletinProperties(@DefaultValue("0 0 9 * * MON") String schedule, List<Path> fonts) {

    public BulletinProperties {
        fonts = fonts == null ? List.of() : List.copyOf(fonts);
    }
}
