package org.planwatch.publisher.desk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.publisher.web.SignedIn;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Who may use a desk page: a signed-in supervisor or admin; a department's cookie gets
 * 403.
 */
@Component
public class DeskDoor {

    private final DeskView desk;

    DeskDoor(DeskView desk) {
        this.desk = desk;
    }

    /** Null when the caller may use the desk; else the view that refuses it. */
    public String admit(HttpServletRequest request, HttpServletResponse response, Model model) {
        Caller caller = SignedIn.caller(request).orElse(null);
        if (caller == null) {
            return "redirect:/ui/sign-in";
        }
        model.addAttribute("caller", caller);
        model.addAttribute("callerName", caller.role() == Role.ADMIN ? "管理员" : "督查室");
        model.addAttribute("catchingUp", !desk.isCaughtUp());
        if (caller.role() != Role.SUPERVISOR && caller.role() != Role.ADMIN) {
            response.setStatus(403);
            model.addAttribute("message", "督查工作台仅供督查和管理人员使用。");
            return "desk/message";
        }
        return null;
    }

    public static Caller caller(HttpServletRequest request) {
        return SignedIn.caller(request).orElseThrow();
    }

}
