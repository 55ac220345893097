package org.planwatch.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CsvReaderTests {

    static final String TEXT = "事项编号,备注\npremium-buildings,楼宇品质提升「进展顺利」\n";

    @Test
    void aBomMeansUtf8() {
        byte[] bytes = TestSheets.csvWithBom(TEXT);
        assertThat(CsvReader.charset(bytes)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CsvReader.decode(bytes)).isEqualTo(TEXT);
    }

    @Test
    void validUtf8WithoutBomIsUtf8() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        assertThat(CsvReader.charset(bytes)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CsvReader.decode(bytes)).isEqualTo(TEXT);
    }

    @Test
    void anythingElseIsGb18030AsExcelSavesOnChineseWindows() {
        byte[] bytes = TEXT.getBytes(CsvReader.GB18030);
        assertThat(CsvReader.charset(bytes)).isEqualTo(CsvReader.GB18030);
        assertThat(CsvReader.decode(bytes)).isEqualTo(TEXT);
        assertThat(CsvReader.decode("㐀 𠀀 rare ideographs".getBytes(CsvReader.GB18030)))
            .isEqualTo("㐀 𠀀 rare ideographs");
    }

    @Test
    void unicodeTextWithTabsAsExcelSavesItIsReadToo() throws Exception {
        byte[] body = TEXT.replace(',', '\t').getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Table table = CsvReader.read(bytes);
        assertThat(table.header()).containsExactly("事项编号", "备注");
        assertThat(table.rows().get(0).cell(1).text()).isEqualTo("楼宇品质提升「进展顺利」");
    }

}
