package org.planwatch.publisher.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;

/** The pages' refusals from the filter chain, as a short page a person can read. */
final class PageRefusals {

    private PageRefusals() {
    }

    /**
     * A form post without this browser's CSRF token: another site's, or a page from
     * before signing in again.
     */
    static void forgedPost(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, 403, "来自其他网站的提交已被拒绝；如果是本站页面，可能已过期，请返回刷新后重试。" + "(Cross-site or expired form post refused.)");
    }

    static void tooManyRequests(HttpServletResponse response) throws IOException {
        write(response, 429, "操作过于频繁，请稍后再试。(Too many requests; retry later.)");
    }

    private static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter()
            .write("<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>进度填报</title>" + "<p>" + message
                    + "</p><p><a href=\"/ui/\">返回</a></p></html>");
    }

}
