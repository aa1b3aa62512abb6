/* namehnews: the mirror's script */
document.documentElement.setAttribute('data-mirror', 'namehnews');
