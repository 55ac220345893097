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

    /**
     * As {@link #admit}, for what covers every plan (the bulletins, until they are per
     * plan): a district's supervisor gets 403.
     */
    public String admitCityWide(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = admit(request, response, model);
        if (refused == null && !caller(request).readsEverything()) {
            response.setStatus(403);
            model.addAttribute("message", "督查通报覆盖全部计划，由市级督查室和管理员使用；区级督查账号无权查看。");
            return "desk/message";
        }
        return refused;
    }

    public static Caller caller(HttpServletRequest request) {
        return SignedIn.caller(request).orElseThrow();
    }

}
