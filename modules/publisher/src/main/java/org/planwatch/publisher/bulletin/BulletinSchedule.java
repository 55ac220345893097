package org.planwatch.publisher.bulletin;

import org.planwatch.publisher.web.WebProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Generates a draft bulletin of every active plan on the configured cron, in the plan's
 * zone (default Monday 09:00). Every instance fires; the service writes one bulletin a
 * day per plan for the schedule whichever fires first.
 */
@Component
class BulletinSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BulletinSchedule.class);

    private final BulletinService service;

    private final BulletinProperties properties;

    private final WebProperties web;

    private ThreadPoolTaskScheduler scheduler;

    BulletinSchedule(BulletinService service, BulletinProperties properties, WebProperties web) {
        this.service = service;
        this.properties = properties;
        this.web = web;
    }

    void fire() {
        try {
            for (var made : service.generateScheduled()) {
                log.info("Scheduled bulletin {} generated as a draft", BulletinId.of(made));
            }
        }
        catch (RuntimeException e) {
            log.warn("Scheduled bulletin not generated: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        if ("-".equals(properties.schedule())) {
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("bulletin-schedule-");
        scheduler.initialize();
        scheduler.schedule(this::fire, new CronTrigger(properties.schedule(), web.zone()));
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

}
