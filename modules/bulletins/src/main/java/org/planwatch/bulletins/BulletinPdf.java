package org.planwatch.bulletins;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.planwatch.bulletins.BulletinFigures.Count;
import org.planwatch.bulletins.BulletinFigures.Group;
import org.planwatch.bulletins.BulletinFigures.Item;
import org.planwatch.bulletins.BulletinFigures.Punctuality;
import org.planwatch.bulletins.BulletinFigures.SlipRow;
import org.planwatch.bulletins.PageWriter.Table;
import org.planwatch.events.avro.BulletinState;

/**
 * A bulletin as the A4 PDF that is filed and sent to departments. Why PDFBox: it is
 * Apache-licensed, pure Java and subset-embeds a TrueType font (see {@link CjkFont}), so
 * the file shows its Chinese anywhere and stays small.
 */
public final class BulletinPdf {

    private static final float[] GROUP_COLUMNS = { 135, 40, 40, 40, 40, 40, 40, 40, 40, 40 };

    private static final float[] RANKING_COLUMNS = { 40, 175, 56, 56, 56, 56, 56 };

    private BulletinPdf() {
    }

    /**
     * Writes the PDF. Pages are buffered in a temporary file, not the heap, so a plan of
     * 10,000 initiatives costs no more memory than a small one; the font subset is cut
     * when the document is saved.
     */
    public static void write(BulletinFigures f, CjkFont font, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
                CjkFont.Loaded loaded = font.load(document)) {
            document.getDocumentInformation().setTitle(f.title());
            try (PageWriter page = new PageWriter(document, loaded.font(), mark(f.state()))) {
                heading(f, page);
                overview(f, page);
                items(page, "二、红灯事项", f.red());
                items(page, "三、黄灯事项", f.yellow());
                changes(f, page);
                ranking(f, page);
            }
            document.save(out);
        }
    }

    /**
     * Only a published bulletin goes out unmarked: a draft printed by mistake must say so
     * on every page.
     */
    private static String mark(BulletinState state) {
        return switch (state) {
            case DRAFT -> "草稿";
            case APPROVED -> "待发布";
            case PUBLISHED -> null;
            case WITHDRAWN -> "已撤回";
        };
    }

    private static void heading(BulletinFigures f, PageWriter page) throws IOException {
        page.centred(f.title(), 20);
        page.gap(4);
        page.centred("统计期间：" + f.period() + "　　生成时间：" + f.generated(), PageWriter.BODY);
        String corrects = f.corrects() == null ? "" : "　　更正第" + f.corrects() + "期";
        page.centred("状态：" + f.stateLabel() + corrects, PageWriter.BODY);
        page.gap(10);
    }

    private static void overview(BulletinFigures f, PageWriter page) throws IOException {
        section(page, "一、总体情况");
        StringBuilder counts = new StringBuilder("纳入监测事项共 " + f.total() + " 项，其中");
        for (Count c : f.byHealth()) {
            // 绿, 黄 and 红 are lights and read as 绿灯; 已完成 and 未开始 stand alone.
            String light = c.label().length() == 1 ? c.label() + "灯" : c.label();
            counts.append(c == f.byHealth().get(0) ? "" : "，")
                .append(light)
                .append(' ')
                .append(c.count())
                .append(" 项（")
                .append(share(c.share()))
                .append("）");
        }
        long overdue = f.byDepartment().stream().mapToLong(Group::overdue).sum();
        long stalled = f.byDepartment().stream().mapToLong(Group::stalled).sum();
        long silent = f.byDepartment().stream().mapToLong(Group::silent).sum();
        counts.append("；逾期 ")
            .append(overdue)
            .append(" 项，停滞 ")
            .append(stalled)
            .append(" 项，未按期报送 ")
            .append(silent)
            .append(" 项。");
        page.text(counts.toString(), PageWriter.BODY, 0, 0);
        page.gap(4);
        groups(page, "（一）按专项", "专项", f.byProgram());
        groups(page, "（二）按责任单位", "责任单位", f.byDepartment());
    }

    private static void groups(PageWriter page, String title, String what, List<Group> groups) throws IOException {
        page.text(title, PageWriter.BODY, 0, 0);
        page.table(
                new Table(GROUP_COLUMNS, PageWriter.SMALL, what, "事项", "绿", "黄", "红", "已完成", "未开始", "逾期", "停滞", "未报送"));
        for (Group g : groups) {
            page.row(g.name(), n(g.total()), n(g.green()), n(g.yellow()), n(g.red()), n(g.completed()),
                    n(g.notStarted()), n(g.overdue()), n(g.stalled()), n(g.silent()));
        }
        page.endTable();
    }

    private static void items(PageWriter page, String title, List<Item> items) throws IOException {
        section(page, title + "（" + items.size() + " 项）");
        if (items.isEmpty()) {
            page.text("本期无。", PageWriter.BODY, 0, 0);
        }
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            page.text((i + 1) + ". " + item.name(), 11, 0, 16);
            StringBuilder facts = new StringBuilder(item.departmentName()).append("　")
                .append(item.programName())
                .append("　进度 ")
                .append(item.progress())
                .append("%（应达 ")
                .append(item.expected())
                .append("%）　截止 ")
                .append(item.dueDate());
            facts.append(item.overdue() ? "　逾期" : "")
                .append(item.stalled() ? "　停滞" : "")
                .append(item.silent() ? "　未按期报送" : "");
            page.text(facts.toString(), PageWriter.SMALL, 16, 0);
            if (!item.slips().isEmpty()) {
                page.text("督办：" + item.slips(), PageWriter.SMALL, 16, 0);
            }
            if (!item.note().isEmpty()) {
                page.text("部门最新说明（" + item.noteDay() + "）：" + item.note(), PageWriter.SMALL, 16, 0);
            }
            page.gap(3);
        }
    }

    private static void changes(BulletinFigures f, PageWriter page) throws IOException {
        section(page, "四、本期变化");
        changed(page, "（一）新转为红灯", f.newlyOffTrack());
        changed(page, "（二）恢复正常", f.recovered());
        changed(page, "（三）新完成", f.completed());
        slips(page, "（四）新下发督办单", f.slipsIssued());
        slips(page, "（五）已办结督办单", f.slipsClosed());
    }

    private static void changed(PageWriter page, String title, List<Item> items) throws IOException {
        page.text(title + " " + items.size() + " 项", PageWriter.BODY, 0, 0);
        for (Item item : items) {
            page.text(item.name() + "（" + item.departmentName() + "）　进度 " + item.progress() + "%（应达 " + item.expected()
                    + "%）", PageWriter.SMALL, 16, 16);
        }
        page.gap(3);
    }

    private static void slips(PageWriter page, String title, List<SlipRow> slips) throws IOException {
        page.text(title + " " + slips.size() + " 件", PageWriter.BODY, 0, 0);
        for (SlipRow s : slips) {
            String closed = s.closedDay().isEmpty() ? "" : "　办结 " + s.closedDay();
            page.text(s.colour() + "　" + s.initiativeName() + "（" + s.departmentName() + "）　下发 " + s.issuedDay()
                    + closed + "　" + s.state(), PageWriter.SMALL, 16, 16);
        }
        page.gap(3);
    }

    private static void ranking(BulletinFigures f, PageWriter page) throws IOException {
        section(page, "五、部门报送及时率排名");
        page.table(new Table(RANKING_COLUMNS, PageWriter.SMALL, "名次", "责任单位", "应按期报送", "按期报送", "及时率", "红灯事项", "事项总数"));
        for (Punctuality p : f.ranking()) {
            page.row(n(p.rank()), p.name(), n(p.judged()), n(p.onCadence()), p.share() == null ? "—" : share(p.share()),
                    n(p.red()), n(p.total()));
        }
        page.endTable();
    }

    private static void section(PageWriter page, String title) throws IOException {
        page.gap(6);
        page.keep(80);
        page.text(title, 14, 0, 0);
        page.gap(2);
    }

    private static String share(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String n(long value) {
        return Long.toString(value);
    }

}
