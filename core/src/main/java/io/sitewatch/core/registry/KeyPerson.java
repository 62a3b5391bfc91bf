package io.sitewatch.core.registry;

/**
 * One of a site's key people (关键岗位人员) whose presence is checked (到岗履职): the enterprise head,
 * the project manager, the project safety director, a full-time safety officer or the chief
 * supervising engineer. {@code personId} is the {@code officer_id} a body-worn recorder sends in
 * its {@code clock_in}; {@code certNo} the person's certificate (安全生产考核合格证书 or
 * 注册监理工程师), or null.
 */
public record KeyPerson(String siteId, String personId, String name, String role, String certNo) {
}
