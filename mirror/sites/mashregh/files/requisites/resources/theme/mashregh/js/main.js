/* mashregh: the mirror's script */
document.documentElement.setAttribute('data-mirror', 'mashregh');
