"""Telling people (DESIGN 2.4): messages about their cases by WeChat subscribe message, Alipay
template message or SMS, each with its delivery state, and the person's channel preferences."""
