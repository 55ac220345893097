package org.planwatch.publisher.bulletin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

import org.planwatch.bulletins.BulletinFigures;
import org.planwatch.bulletins.BulletinPdf;
import org.planwatch.bulletins.BulletinXlsx;
import org.planwatch.bulletins.CjkFont;
import org.planwatch.bulletins.Names;
import org.planwatch.events.avro.Plan;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * A bulletin as the documents people read: its figures, by Chinese names, as PDF and
 * xlsx.
 */
@Component
class BulletinDocuments {

    private final Names names;

    private final Optional<CjkFont> font;

    BulletinDocuments(WebProperties web, BulletinProperties properties, PlanView plans) {
        this.names = new Names(web::departmentName, web::programName,
                id -> plans.get(id).map(Plan::getName).orElse(null), web.zone());
        this.font = CjkFont.find(properties.fonts().isEmpty() ? CjkFont.defaults() : properties.fonts());
    }

    BulletinFigures figures(Bulletin bulletin) {
        return BulletinFigures.of(bulletin, names);
    }

    byte[] pdf(Bulletin bulletin) {
        CjkFont cjk = font.orElseThrow(BulletinDocuments::noFont);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BulletinPdf.write(figures(bulletin), cjk, out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    byte[] xlsx(Bulletin bulletin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BulletinXlsx.write(figures(bulletin), out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * bulletin-heping-2026-3.pdf: the id without a colon, which some file systems refuse.
     */
    static String fileName(BulletinId id, String extension) {
        return "bulletin-" + id.toString().replace(':', '-') + "." + extension;
    }

    /**
     * Without a CJK TrueType font the PDF cannot be written; the HTML and xlsx still can.
     */
    private static ProblemException noFont() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "No Chinese TrueType font to embed: install Debian's fonts-wqy-zenhei or set"
                        + " planwatch.bulletins.fonts");
        problem.setType(URI.create("/problems/no-cjk-font"));
        problem.setTitle("PDF unavailable");
        return new ProblemException(problem);
    }

}
