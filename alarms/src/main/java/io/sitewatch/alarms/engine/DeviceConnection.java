package io.sitewatch.alarms.engine;

/**
 * A device's connection as the alarm engine sees it: {@code online}; {@code off}, powered down on
 * purpose with its {@code reason} (wire protocol 1.1 status: power_off, maintenance, dismantled;
 * or, when it said nothing, {@code outside_hours} for a working-hours machine silent or gone after
 * its site's hours and {@code out_of_service} outside its service window); or {@code offline}, silent past its report periods or gone with a last will (an offline alarm is
 * open). {@code since} is epoch ms: the off status's time, the offline alarm's start, or when the
 * device was last seen to come back; null when the engine has not seen it change since it started.
 */
public record DeviceConnection(String state, Long since, String reason) {

    public static final String ONLINE = "online";
    public static final String OFF = "off";
    public static final String OFFLINE = "offline";
}
