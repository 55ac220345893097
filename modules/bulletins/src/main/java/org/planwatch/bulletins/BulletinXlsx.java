package org.planwatch.bulletins;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.planwatch.bulletins.BulletinFigures.Count;
import org.planwatch.bulletins.BulletinFigures.Group;
import org.planwatch.bulletins.BulletinFigures.Item;
import org.planwatch.bulletins.BulletinFigures.Punctuality;
import org.planwatch.bulletins.BulletinFigures.SlipRow;
import org.planwatch.bulletins.SheetWriter.Percent;
import org.planwatch.bulletins.SheetWriter.Styles;

/**
 * A bulletin as an xlsx workbook, for supervisors who filter and sort the figures
 * themselves. Streaming (SXSSF): rows beyond a small window go to a temporary file, so
 * 10,000 initiatives cost no more heap than 100.
 */
public final class BulletinXlsx {

    private static final int WINDOW = 200;

    private BulletinXlsx() {
    }

    /** Sheets 概况, 红黄灯事项, 本期变化, 部门排名 and 全部事项; percents of progress are whole numbers. */
    public static void write(BulletinFigures f, OutputStream out) throws IOException {
        // close() also deletes the temporary files (POI 5.5 disposes in close).
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW)) {
            workbook.setCompressTempFiles(true);
            Styles styles = Styles.of(workbook);
            overview(f, new SheetWriter(workbook, "概况", styles).widths(24, 10, 10, 10, 10, 10, 10, 10, 10, 10));
            lights(f, new SheetWriter(workbook, "红黄灯事项", styles).widths(6, 40, 24, 24, 9, 9, 12, 6, 6, 8, 40, 60, 12));
            changes(f, new SheetWriter(workbook, "本期变化", styles).widths(14, 40, 24, 8, 9, 16, 12, 10, 12, 12));
            ranking(f, new SheetWriter(workbook, "部门排名", styles).widths(6, 24, 12, 10, 10, 10, 10));
            all(f, new SheetWriter(workbook, "全部事项", styles).widths(16, 40, 24, 24, 8, 9, 9, 12, 6, 6, 8, 60, 12, 40));
            workbook.write(out);
        }
    }

    private static void overview(BulletinFigures f, SheetWriter sheet) {
        sheet.title(f.title());
        sheet.row("统计期间", f.period());
        sheet.row("状态", f.stateLabel());
        sheet.row("生成时间", f.generated());
        if (f.corrects() != null) {
            sheet.row("更正", "第" + f.corrects() + "期");
        }
        sheet.skip();
        sheet.header("灯色", "事项", "占比");
        for (Count c : f.byHealth()) {
            sheet.row(c.label(), c.count(), new Percent(c.share()));
        }
        sheet.row("合计", f.total());
        groups(sheet, "专项", f.byProgram());
        groups(sheet, "责任单位", f.byDepartment());
    }

    private static void groups(SheetWriter sheet, String what, List<Group> groups) {
        sheet.skip();
        sheet.header(what, "事项", "绿", "黄", "红", "已完成", "未开始", "逾期", "停滞", "未报送");
        for (Group g : groups) {
            sheet.row(g.name(), g.total(), g.green(), g.yellow(), g.red(), g.completed(), g.notStarted(), g.overdue(),
                    g.stalled(), g.silent());
        }
    }

    private static void lights(BulletinFigures f, SheetWriter sheet) {
        sheet.frozenHeader("灯色", "事项", "责任单位", "专项", "进度(%)", "应达(%)", "截止日期", "逾期", "停滞", "未报送", "督办", "部门最新说明",
                "说明日期");
        for (List<Item> items : List.of(f.red(), f.yellow())) {
            for (Item i : items) {
                sheet.row(i.light(), i.name(), i.departmentName(), i.programName(), i.progress(), i.expected(),
                        i.dueDate(), i.overdue(), i.stalled(), i.silent(), i.slips(), i.note(), i.noteDay());
            }
        }
    }

    private static void changes(BulletinFigures f, SheetWriter sheet) {
        sheet.frozenHeader("变化", "事项", "责任单位", "灯色", "进度(%)", "督办单号", "督办", "状态", "下发日期", "办结日期");
        changed(sheet, "新转为红灯", f.newlyOffTrack());
        changed(sheet, "恢复正常", f.recovered());
        changed(sheet, "新完成", f.completed());
        slips(sheet, "新下发督办单", f.slipsIssued());
        slips(sheet, "已办结督办单", f.slipsClosed());
    }

    private static void changed(SheetWriter sheet, String what, List<Item> items) {
        for (Item i : items) {
            sheet.row(what, i.name(), i.departmentName(), i.light(), i.progress());
        }
    }

    private static void slips(SheetWriter sheet, String what, List<SlipRow> slips) {
        for (SlipRow s : slips) {
            sheet.row(what, s.initiativeName(), s.departmentName(), null, null, s.id(), s.colour(), s.state(),
                    s.issuedDay(), s.closedDay());
        }
    }

    private static void ranking(BulletinFigures f, SheetWriter sheet) {
        sheet.frozenHeader("名次", "责任单位", "应按期报送", "按期报送", "及时率", "红灯事项", "事项总数");
        for (Punctuality p : f.ranking()) {
            sheet.row(p.rank(), p.name(), p.judged(), p.onCadence(), p.share() == null ? null : new Percent(p.share()),
                    p.red(), p.total());
        }
    }

    private static void all(BulletinFigures f, SheetWriter sheet) {
        sheet.frozenHeader("编号", "事项", "专项", "责任单位", "灯色", "进度(%)", "应达(%)", "截止日期", "逾期", "停滞", "未报送", "部门最新说明",
                "说明日期", "督办");
        for (Item i : f.items()) {
            sheet.row(i.id(), i.name(), i.programName(), i.departmentName(), i.light(), i.progress(), i.expected(),
                    i.dueDate(), i.overdue(), i.stalled(), i.silent(), i.note(), i.noteDay(), i.slips());
        }
    }

}
