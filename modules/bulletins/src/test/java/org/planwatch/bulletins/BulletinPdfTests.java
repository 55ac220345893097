package org.planwatch.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.planwatch.bulletins.TestBulletins.NAMES;
import static org.planwatch.bulletins.TestBulletins.bulletin;
import static org.planwatch.bulletins.TestBulletins.item;
import static org.planwatch.bulletins.TestBulletins.slip;
import static org.planwatch.events.avro.StatusHealth.AT_RISK;
import static org.planwatch.events.avro.StatusHealth.OFF_TRACK;
import static org.planwatch.events.avro.StatusHealth.ON_TRACK;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;

class BulletinPdfTests {

    private static CjkFont font;

    /**
     * Without a Chinese font there is nothing to render with: skipped on a laptop, a
     * failure on CI.
     */
    @BeforeAll
    static void findFont() {
        Optional<CjkFont> found = CjkFont.find(CjkFont.defaults());
        String why = "no CJK TrueType font in " + CjkFont.defaults() + " (apt-get install fonts-wqy-zenhei)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(found).as(why).isPresent();
        }
        assumeThat(found).as(why).isPresent();
        font = found.get();
    }

    @Test
    void sectionsHoldTheirInitiativesWithFiguresNamesAndNotes() throws IOException {
        Bulletin b = bulletin(
                item("r", "jyj", OFF_TRACK, 0.35, 0.70).setName("中小学食堂改造")
                    .setNote("设备采购延期，六月底到货")
                    .setNoteAt(Instant.parse("2026-06-18T02:00:00Z"))
                    .setSlips(List.of(slip("s1", SlipColour.RED, SlipState.SIGNED, "2026-06-01T02:00:00Z", null))),
                item("y", "fgj", AT_RISK, 0.50, 0.62).setName("社区养老服务中心建设"),
                item("g", "zjj", ON_TRACK, 0.60, 0.60).setName("背街小巷整治"));

        String text = text(render(b));

        assertThat(text).contains("督查通报 第3期", "2026-06-01 至 2026-06-30", "已发布", "一、总体情况", "四、本期变化", "五、部门报送及时率排名",
                "35%", "70%", "教育局", "发展改革局", "设备采购延期，六月底到货", "2026-06-18", "红色督办·已签收", "第 1 页");
        int red = text.indexOf("二、红灯事项");
        int yellow = text.indexOf("三、黄灯事项");
        int changes = text.indexOf("四、本期变化");
        assertThat(red).isPositive();
        assertThat(text.indexOf("中小学食堂改造", red)).isBetween(red, yellow);
        assertThat(text.indexOf("社区养老服务中心建设", yellow)).isBetween(yellow, changes);
        assertThat(text.substring(red, changes)).doesNotContain("背街小巷整治");
    }

    @Test
    void theFontIsEmbeddedAsASubset() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(render(bulletin(item("r", "jyj", OFF_TRACK, 0.35, 0.7))))) {
            List<PDFont> fonts = new ArrayList<>();
            for (PDPage page : pdf.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
            }
            assertThat(fonts).isNotEmpty().allSatisfy(f -> {
                assertThat(f).isInstanceOf(PDType0Font.class);
                assertThat(f.isEmbedded()).isTrue();
                assertThat(f.getName()).as("a subset is named ABCDEF+Name").matches("[A-Z]{6}\\+.+");
            });
        }
    }

    @Test
    void aBulletinNotYetPublishedIsMarkedOnItsPages() throws IOException {
        Bulletin approved = bulletin(List.of(item("r", "jyj", OFF_TRACK, 0.35, 0.7).build()))
            .setState(BulletinState.APPROVED)
            .build();
        Bulletin published = bulletin(List.of(item("r", "jyj", OFF_TRACK, 0.35, 0.7).build())).build();

        assertThat(squeezed(render(approved))).contains("待发布", "状态：已审核");
        assertThat(squeezed(render(published))).contains("状态：已发布").doesNotContain("待发布", "草稿");
    }

    @Test
    void aDraftSaysSoBeyondItsStatusLine() throws IOException {
        Bulletin draft = bulletin(List.of(item("r", "jyj", OFF_TRACK, 0.35, 0.7).build())).setState(BulletinState.DRAFT)
            .build();

        String text = squeezed(render(draft));

        assertThat(text).contains("状态：草稿");
        assertThat(text.split("草稿", -1)).as("the status line and the mark").hasSizeGreaterThan(2);
    }

    @Test
    void charactersTheFontLacksBecomeQuestionMarks() throws IOException {
        Bulletin b = bulletin(item("r", "jyj", OFF_TRACK, 0.35, 0.7).setNote("进展顺利\uD83D\uDE00\uFE0F，\t下周验收"));

        assertThat(text(render(b))).contains("进展顺利?， 下周验收");
    }

    @Test
    void aPlanOfTenThousandInitiativesRendersOnManyPages() throws IOException {
        BulletinFigures f = BulletinFigures.of(TestBulletins.large(10_000), NAMES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BulletinPdf.write(f, font, out);

        try (PDDocument pdf = Loader.loadPDF(out.toByteArray())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            String last = f.red().get(f.red().size() - 1).name();
            assertThat(new PDFTextStripper().getText(pdf)).contains(last);
        }
    }

    private static byte[] render(Bulletin bulletin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BulletinPdf.write(BulletinFigures.of(bulletin, NAMES), font, out);
        return out.toByteArray();
    }

    /**
     * The text without white space: the stripper puts each character of the diagonal mark
     * on a line of its own.
     */
    private static String squeezed(byte[] pdf) throws IOException {
        return text(pdf).replaceAll("\\s+", "");
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

}
