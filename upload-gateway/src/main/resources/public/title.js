// An event's title as the page shows it: place, region, time span in the viewer's time zone,
// photo count ("Lyon, Auvergne-Rhône-Alpes · Sat 1 May, 20:00–22:30 · 90 photos"). The API's
// `title` is the same in UTC (EventTitle in the gateway).
'use strict';

const SnapMapTitle = (() => {
  function of(e) {
    // Made per call: a formatter keeps the time zone it was made in.
    const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
    const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const start = new Date(e.startAt);
    const end = new Date(e.endAt);
    const parts = [];
    if (e.place) {
      parts.push(e.place.region && e.place.region !== e.place.name ? `${e.place.name}, ${e.place.region}` : e.place.name);
    }
    const [d0, d1, t0, t1] = [day.format(start), day.format(end), time.format(start), time.format(end)];
    parts.push(d0 !== d1 ? `${d0}, ${t0} – ${d1}, ${t1}` : t0 !== t1 ? `${d0}, ${t0}–${t1}` : `${d0}, ${t0}`);
    const n = e.photoCount || 0;
    parts.push(`${n} photo${n === 1 ? '' : 's'}`);
    return parts.join(' · ');
  }

  return { of };
})();
